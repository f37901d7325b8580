// The agencies list, the audit log, the users and the job runs: a column header sorts, a search
// ignores accents, and "Xuất Excel" downloads the same rows; a role that may not open a page gets
// 403 from its export, not rows.
import ExcelJS from 'exceljs';
import { expect, signInAs, test } from './fixtures';

async function sheetTexts(body: Buffer): Promise<string[]> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(body as unknown as ArrayBuffer);
	const texts: string[] = [];
	wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => texts.push(c.text)));
	return texts;
}

test('agencies: a search without accents turns the tree into a flat list, and exports it', async ({
	page
}) => {
	await signInAs(page, 'thanhtra');
	await page.goto('/co-quan');
	await page.getByLabel('Tên hoặc mã — Tìm kiếm').fill('so y te');
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page.getByText('Đang xem danh sách phẳng')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Sở Y tế', exact: true })).toBeVisible();
	await page
		.getByRole('columnheader', { name: /Cán bộ/ })
		.getByRole('link')
		.click();
	await expect(page).toHaveURL(/sap=people&chieu=asc/);
	await expect(page.getByRole('columnheader', { name: /Cán bộ/ })).toHaveAttribute('aria-sort', 'ascending');
	const href = await page.getByRole('link', { name: 'Xuất Excel' }).getAttribute('href');
	expect(href).toContain('list=agencies');
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	const texts = await sheetTexts(await response.body());
	expect(texts).toContain('Sở Y tế');
	expect(texts).toContain('Tìm kiếm (tên hoặc mã): so y te');
});

test('audit log, users and job runs: sorted by a header, exported; refused to other roles', async ({
	page
}) => {
	await signInAs(page, 'admin');
	await page.goto('/nhat-ky?q=dang nhap');
	await expect(page.getByRole('cell', { name: 'Đăng nhập', exact: true }).first()).toBeVisible();
	await page.getByRole('columnheader', { name: 'Người thực hiện' }).getByRole('link').click();
	await expect(page).toHaveURL(/sap=actor&chieu=asc/);
	const audit = await page.request.get('/bao-cao/xuat?list=audit&q=dang+nhap');
	expect(audit.status()).toBe(200);
	expect(await sheetTexts(await audit.body())).toContain('Đăng nhập');

	await page.goto('/quan-tri/nguoi-dung?q=tran thi thanh');
	await expect(page.getByRole('link', { name: 'thanhtra' })).toBeVisible();
	expect((await page.request.get('/bao-cao/xuat?list=users')).status()).toBe(200);

	await page.goto('/tac-vu?q=quet chung thu');
	await page
		.getByRole('table', { name: 'Lịch sử chạy' })
		.getByRole('columnheader', { name: 'Trạng thái' })
		.getByRole('link')
		.click();
	await expect(page).toHaveURL(/sap=status&chieu=asc/);
	expect((await page.request.get('/bao-cao/xuat?list=job-runs')).status()).toBe(200);

	await page.context().clearCookies();
	await signInAs(page, 'lanhdao');
	expect((await page.request.get('/bao-cao/xuat?list=audit')).status()).toBe(403);
	expect((await page.request.get('/bao-cao/xuat?list=users')).status()).toBe(403);
	expect((await page.request.get('/bao-cao/xuat?list=job-runs')).status()).toBe(200);
	await page.context().clearCookies();
	await signInAs(page, 'coquan');
	expect((await page.request.get('/bao-cao/xuat?list=job-runs')).status()).toBe(403);
});
