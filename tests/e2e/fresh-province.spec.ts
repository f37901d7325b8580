// A real deployment: the server started with KIEMKY_DEMO=0 on an empty database, its only account
// the administrator an operator made with `kiem-ky user add`. The administrator builds a small
// province from the two downloadable templates, records a hand-over and a retirement by hand,
// uploads the document system's export (an XLSX with Vietnamese headers, one column mapped by hand,
// the valid rows kept and the rejected one downloaded), runs the misuse scan, and finds the retired holder's
// later signature (holder_left).
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Download, Page } from '@playwright/test';
import { test, expect, signInAs, FRESH_ADMIN } from './fixtures';
import { generateKeyPair, issueCertificate, type Issued } from '../../src/lib/pki/testing';

test.describe.configure({ mode: 'serial' });

let root: Issued;
let sub: Issued;
let hoa: Issued;
const HOA_SERIAL = '0f10';

test.beforeAll(async () => {
	const keys = await generateKeyPair();
	const from = new Date(Date.now() - 365 * 86400_000);
	const to = new Date(Date.now() + 2 * 365 * 86400_000);
	root = await issueCertificate({
		subject: { cn: 'RootCA thử nghiệm triển khai', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '0f01'
	});
	sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA thử nghiệm các cơ quan Nhà nước', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '0f02'
	});
	hoa = await issueCertificate({
		issuer: sub,
		subject: { cn: 'Nguyễn Thị Hoa', title: 'Phó Giám đốc', ou: 'Sở Y tế', o: 'UBND tỉnh Đồng Tháp' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: HOA_SERIAL
	});
});

/** Downloads a template from the import page, as a user would, and opens it. */
async function downloadTemplate(page: Page, linkName: string): Promise<ExcelJS.Workbook> {
	const [download]: [Download, void] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: linkName }).click()
	]);
	const path = await download.path();
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile(path!);
	return wb;
}

async function uploadAndApply(page: Page, label: string, button: string, name: string, wb: ExcelJS.Workbook) {
	await page.goto('/to-chuc/nhap');
	await page.getByLabel(label).setInputFiles({
		name,
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await wb.xlsx.writeBuffer())
	});
	await page.getByRole('button', { name: button }).click();
	await expect(page).toHaveURL(/\/to-chuc\/nhap\/\d+$/);
	await page.getByRole('button', { name: 'Áp dụng' }).click();
	await expect(page.getByRole('status').filter({ hasText: /Đã áp dụng/ })).toBeVisible();
}

test('an empty deployment has no demo data and its administrator can sign in', async ({ page }) => {
	await signInAs(page, FRESH_ADMIN.username, FRESH_ADMIN.password);
	await page.goto('/co-quan');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByText('Sở Y tế')).toHaveCount(0);
});

test('an administrator builds a province from the templates and the scan finds a retired holder signing', async ({
	page
}) => {
	test.setTimeout(240_000);
	await signInAs(page, FRESH_ADMIN.username, FRESH_ADMIN.password);

	// 1. The certificates, from the CA's files.
	await page.goto('/chung-thu/nhap');
	await page.getByLabel('Tệp chứng thư').setInputFiles([
		{ name: 'root.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(root.der) },
		{ name: 'sub.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(sub.der) },
		{ name: 'hoa.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(hoa.der) }
	]);
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByRole('heading', { name: /Xem trước lượt nhập/ })).toBeVisible();
	await page.getByLabel('Đánh dấu tin cậy các CA gốc tự ký trong lượt nhập này').check();
	await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã nhập vào danh mục.');

	// 2. The organisation chart, typed into the downloaded template.
	await page.goto('/to-chuc/nhap');
	const org = await downloadTemplate(page, 'Tải tệp mẫu sơ đồ tổ chức');
	const since = new Date(Date.UTC(2024, 0, 2));
	for (const r of [
		['DT', 'Ủy ban nhân dân tỉnh Đồng Tháp', 'UBND tỉnh', 'Tỉnh', null],
		['SYT', 'Sở Y tế', null, 'Sở, ban, ngành', 'DT'],
		['BVDK', 'Bệnh viện Đa khoa tỉnh', 'BVĐK', 'Đơn vị trực thuộc', 'SYT']
	])
		org.getWorksheet('Cơ quan')!.addRow(r);
	for (const r of [
		['Nguyễn Thị Hoa', '087190000101', 'hoa@syt.test', 'SYT', 'Phó Giám đốc', since, 'Đang công tác', since],
		['Trần Văn Bình', '087190000102', null, 'SYT', 'Chánh Văn phòng', since, 'Đang công tác', since],
		['Lê Minh Tâm', '087190000103', null, 'BVDK', 'Giám đốc', since, 'Đang công tác', since]
	])
		org.getWorksheet('Cán bộ')!.addRow(r);
	await uploadAndApply(
		page,
		'Tệp sơ đồ tổ chức (.xlsx)',
		'Xem trước sơ đồ tổ chức',
		'so-do-to-chuc.xlsx',
		org
	);
	await page.goto('/co-quan');
	await expect(page.getByRole('link', { name: 'Bệnh viện Đa khoa tỉnh' })).toBeVisible();

	// 3. The CA's subscriber list: Hoa's certificate on her token.
	await page.goto('/to-chuc/nhap');
	const subs = await downloadTemplate(page, 'Tải tệp mẫu danh sách thuê bao');
	subs
		.getWorksheet('Thuê bao')!
		.addRow([
			HOA_SERIAL,
			null,
			'Nguyễn Thị Hoa',
			'087190000101',
			'SYT',
			'TK-0001',
			'Token PKI',
			new Date(Date.UTC(2026, 0, 5))
		]);
	await uploadAndApply(
		page,
		'Tệp danh sách thuê bao (.xlsx)',
		'Xem trước danh sách thuê bao',
		'thue-bao.xlsx',
		subs
	);

	// 4. By hand: Hoa retires on 01/11/2026 and hands her token to the office chief.
	await page.goto('/nhan-su');
	await page.getByRole('link', { name: 'Nguyễn Thị Hoa' }).click();
	const statusForm = page.getByRole('region', { name: 'Thay đổi trạng thái công tác' });
	await statusForm.getByLabel('Trạng thái mới').selectOption({ label: 'Nghỉ hưu' });
	await statusForm.getByLabel('Ngày có hiệu lực').fill('01/11/2026');
	await statusForm.getByLabel('Số văn bản, quyết định').fill('125/QĐ-UBND');
	await statusForm.getByRole('button').click();
	await expect(statusForm.getByRole('status')).toBeVisible();

	await recordHandOver(page);

	// 5. The document system's export, an XLSX with Vietnamese headers: one signature before the
	// retirement, one after, and a row with a day February lacks. One column's header is not one the
	// page knows: the user maps it, keeps the valid rows, and downloads the rejected one.
	await uploadSigningExport(page, createHash('sha256').update(hoa.der).digest('hex'));

	// 6. The misuse scan, then the finding.
	await page.goto('/tac-vu');
	await page.getByRole('button', { name: 'Chạy ngay: Quét sử dụng chữ ký sai quy định' }).click();
	await expect(
		page
			.getByRole('row', { name: /misuse-scan/ })
			.first()
			.getByText('Thành công')
	).toBeVisible({ timeout: 90_000 });
	await page.goto('/canh-bao');
	const finding = page.getByRole('link', {
		name: /Nguyễn Thị Hoa.*sau khi người giữ nghỉ hưu \(01\/11\/2026\)/
	});
	await expect(finding).toBeVisible();
	await expect(finding).toContainText('1 lần');
});

/** The QLVB export uploaded on /ky-so/nhap, checked, mapped, imported with its valid rows. */
async function uploadSigningExport(page: Page, fp: string): Promise<void> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Văn bản đã ký');
	ws.addRow(['Mã hồ sơ', 'Thời điểm ký', 'Dấu vân tay', 'Hình thức ký', 'Số ký hiệu', 'Đơn vị soạn thảo']);
	ws.addRow(['SYT-2026-0450', '15/10/2026 09:00', fp, 'Ký chính', '450/SYT-VP', 'SYT']);
	ws.addRow(['SYT-2026-0512', '20/11/2026 10:30', fp, 'Ký chính', '512/SYT-VP', 'SYT']);
	ws.addRow(['SYT-2026-0513', '30/02/2026 08:00', fp, 'Ký chính', '513/SYT-VP', 'SYT']);
	await page.goto('/ky-so/nhap');
	await page.getByLabel('Tệp dữ liệu ký số (.csv, .xlsx, .jsonl)').setInputFiles({
		name: 'qlvb-syt.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await wb.xlsx.writeBuffer())
	});
	await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
	await expect(page.getByRole('heading', { name: 'Kiểm tra trước khi nhập' })).toBeVisible();
	await expect(
		page.getByRole('alert').filter({ hasText: 'Thiếu cột bắt buộc "Hệ thống nguồn"' })
	).toBeVisible();

	await page.getByLabel('Hệ thống nguồn').fill('QLVB-SYT');
	await page.getByLabel('Kênh cho cả tệp').selectOption('qlvb');
	await expect(page.getByLabel('Kênh cho cả tệp')).toHaveValue('qlvb');
	await expect(page.getByLabel('Đơn vị soạn thảo')).toHaveValue('');
	await page.getByLabel('Đơn vị soạn thảo').selectOption('document_agency_code');
	await expect(page.getByLabel('Đơn vị soạn thảo')).toHaveValue('document_agency_code');
	await expect(page.getByRole('alert')).toHaveCount(0);
	const preview = page.getByRole('table', { name: 'Các dòng đầu' });
	await expect(preview.getByRole('row', { name: /SYT-2026-0513/ })).toContainText(
		'Thời điểm ký: ngày giờ không tồn tại'
	);

	await page.getByLabel('Nhập các dòng hợp lệ, bỏ qua các dòng lỗi').check();
	await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
	await expect(page).toHaveURL(/\/ky-so\/nhap\/lan\/\d+$/, { timeout: 60_000 });
	await expect(page.getByRole('status')).toHaveText('Đã nhập xong.');
	await expect(page.locator('.card').filter({ hasText: 'Đã nhập' }).locator('.value')).toHaveText('2');
	await expect(page.locator('.card').filter({ hasText: 'Bị từ chối' }).locator('.value')).toHaveText('1');
	await expect(page.getByRole('table', { name: 'Các dòng bị từ chối đầu tiên' })).toContainText(
		'ngày giờ không tồn tại'
	);

	const [download]: [Download, void] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải các dòng bị từ chối (.xlsx)' }).click()
	]);
	const rejected = new ExcelJS.Workbook();
	await rejected.xlsx.readFile((await download.path())!);
	const sheet = rejected.worksheets[0]!;
	expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
		'Mã hồ sơ',
		'Thời điểm ký',
		'Dấu vân tay',
		'Hình thức ký',
		'Số ký hiệu',
		'Đơn vị soạn thảo',
		'Dòng',
		'Lý do'
	]);
	const row = (sheet.getRow(2).values as unknown[]).slice(1);
	expect(row[0]).toBe('SYT-2026-0513');
	expect(row[6]).toBe(4);
	expect(String(row[7])).toContain('ngày giờ không tồn tại');
	await page.goto('/ky-so/nhap');
	await expect(page.getByRole('table', { name: 'Lịch sử nhập' })).toContainText('qlvb-syt.xlsx');
}

/** Hoa's token handed over to Trần Văn Bình on the device's page (Mẫu 07 record). */
async function recordHandOver(page: Page): Promise<void> {
	await page.goto('/thiet-bi');
	await page.getByRole('link', { name: 'TK-0001' }).click();
	const panel = page.getByRole('region', { name: 'Ghi nhận bàn giao, quản lý thiết bị' });
	await panel.getByLabel('Sự việc').selectOption('handed_over');
	await panel.getByLabel('Thời điểm xảy ra').fill('2026-10-31T16:00');
	await panel.getByLabel('Người nhận').selectOption({ label: 'Trần Văn Bình — Chánh Văn phòng (Sở Y tế)' });
	await panel.getByLabel('Số biên bản').fill('07/BB-SYT');
	await panel.getByLabel('Lý do, hoàn cảnh').fill('Bàn giao trước khi nghỉ hưu');
	await panel.getByRole('button', { name: 'Ghi nhận' }).click();
	await expect(page.getByText('Đã ghi nhận.')).toBeVisible();
	await page.reload();
	await expect(page.getByText(/Người đang giữ/).first()).toBeVisible();
	await expect(page.getByText('Trần Văn Bình').first()).toBeVisible();
}
