// Reports end to end: a report officer previews the key figures, generates each kind from the
// page, downloads it from the archive, and LibreOffice (a real spreadsheet program) opens it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { test, expect, signInAs } from './fixtures';

const SOFFICE = '/usr/bin/soffice';

/** Converts the workbooks to PDF in one LibreOffice start (each start takes tens of seconds on a loaded
 * machine) and checks that every one of them became a PDF. */
function openWithLibreOffice(files: string[]): void {
	// In CI a missing LibreOffice is a failure (.ci/run installs it); elsewhere the check is skipped.
	if (!existsSync(SOFFICE) && process.env.CI)
		throw new Error('LibreOffice missing: apt-get install -y libreoffice-calc-nogui');
	test.skip(!existsSync(SOFFICE), 'LibreOffice missing: apt-get install -y libreoffice-calc-nogui');
	const out = mkdtempSync(path.join(tmpdir(), 'kiemky-lo-'));
	execFileSync(
		SOFFICE,
		[
			'--headless',
			`-env:UserInstallation=file://${out}/profile`,
			'--convert-to',
			'pdf',
			'--outdir',
			out,
			...files
		],
		{ timeout: 180_000 }
	);
	const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf'));
	expect(pdfs.sort()).toEqual(files.map((f) => path.basename(f).replace(/\.xlsx$/, '.pdf')).sort());
}

// The workbooks the four report tests downloaded, opened together by the test after them (the tests of
// a file run in order, in one worker: playwright.config.ts).
const downloaded: string[] = [];

const kinds = [
	{
		type: 'usage',
		label: 'Báo cáo tình hình quản lý, sử dụng (quý, 6 tháng, năm)',
		sheet: 'PL1 Theo cơ quan'
	},
	{ type: 'demand_plan', label: 'Kế hoạch nhu cầu năm sau', sheet: 'Phương pháp' },
	{ type: 'expiry', label: 'Danh sách chứng thư số hết hạn', sheet: 'Hết hạn' },
	{ type: 'inspection', label: 'Báo cáo kiểm tra một cơ quan', sheet: 'PL3 Vi phạm' }
];

for (const kind of kinds) {
	test(`report staff generates and downloads: ${kind.type}`, async ({ page }) => {
		test.setTimeout(180_000);
		await signInAs(page, 'baocao');
		await page.goto('/bao-cao');
		await page.getByLabel('Loại báo cáo').selectOption(kind.type);
		if (kind.type === 'inspection')
			await page.getByLabel('Cơ quan, đơn vị').selectOption({ label: 'Sở Y tế' });
		await page.getByRole('button', { name: 'Xem số liệu chính' }).click();
		await expect(page.getByRole('region', { name: 'Số liệu chính' })).toBeVisible();
		await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
		const link = page.getByRole('status').getByRole('link');
		await expect(link).toBeVisible();
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'kiemky-dl-')), download.suggestedFilename());
		await download.saveAs(file);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		expect(wb.getWorksheet(kind.sheet)).toBeDefined();
		downloaded.push(file);
	});
}

test('LibreOffice opens every workbook the report staff downloaded', () => {
	test.setTimeout(240_000);
	expect(downloaded).toHaveLength(kinds.length);
	openWithLibreOffice(downloaded);
});

test('an agency officer cannot generate for another agency and sees a Vietnamese error', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/bao-cao');
	// Only their own subtree is offered; a forged code is refused by the service.
	const options = await page.getByLabel('Cơ quan, đơn vị').locator('option').allTextContents();
	expect(options.some((o) => o.includes('Sở Tài chính'))).toBe(false);
	await page.getByLabel('Cơ quan, đơn vị').evaluate((el) => {
		const o = document.createElement('option');
		o.value = 'UBND';
		o.selected = true;
		el.appendChild(o);
	});
	await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
	await expect(page.getByRole('alert')).toContainText('Không tìm thấy cơ quan');
});

test('the certificate list exports to Excel with its filters', async ({ page }) => {
	await signInAs(page, 'thanhtra');
	const response = await page.request.get('/bao-cao/xuat?list=certificates&status=active');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('spreadsheetml');
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await response.body()) as unknown as ArrayBuffer);
	const texts: unknown[] = [];
	wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => texts.push(c.value)));
	expect(texts).toContain('Tình trạng: Đang sử dụng');
	expect(texts).not.toContain('Đã thu hồi');
});
