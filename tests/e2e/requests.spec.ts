// Lifecycle requests in the browser: an agency officer files a revocation request for their own
// agency (picking its certificate), an inspector accepts it, a rejection without a reason is refused, one with a
// reason kept. The requests, archive, inspections and trainings lists sort by their headers and export to Excel.
import ExcelJS from 'exceljs';
import { test, expect, signInAs } from './fixtures';

test('officer files a request; inspector accepts, cannot reject without a reason, then rejects with one', async ({
	page
}) => {
	await signInAs(page, 'coquan');
	await page.goto('/yeu-cau/moi');
	await page.getByLabel('Loại yêu cầu').selectOption('revoke');
	// A revocation names its certificate: the picker offers the agency's own on focus.
	await page.getByRole('combobox', { name: /^Chứng thư/ }).click();
	await page
		.getByRole('listbox', { name: /^Chứng thư/ })
		.getByRole('option')
		.first()
		.click();
	await page.getByLabel('Số, ký hiệu văn bản đề nghị').fill('99/SYT-VP');
	await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
	await expect(page.getByRole('heading', { name: /Thu hồi #\d+/ })).toBeVisible();
	await expect(page.getByText('Sở Y tế', { exact: true })).toBeVisible();
	const url = page.url();

	await page.context().clearCookies(); // a second user in a fresh session
	await signInAs(page, 'thanhtra');
	await page.goto(url);
	await page.getByRole('button', { name: 'Tiếp nhận hồ sơ hợp lệ' }).click();
	await expect(page.getByRole('heading', { name: /Đang xử lý/ })).toBeVisible();
	await page.getByRole('button', { name: 'Từ chối' }).click();
	await expect(page.getByRole('alert')).toHaveText('Từ chối phải nêu rõ lý do (Điều 11.2).');
	await page.getByLabel('Lý do (bắt buộc khi từ chối)').fill('Thiếu văn bản xác nhận của cơ quan quản lý');
	await page.getByRole('button', { name: 'Từ chối' }).click();
	await expect(page.getByRole('heading', { name: /Từ chối/ })).toBeVisible();
	await expect(page.getByText('Thiếu văn bản xác nhận của cơ quan quản lý')).toBeVisible();
});

test('requests, archive, inspections and trainings sort by a header and export what they show', async ({
	page
}) => {
	await signInAs(page, 'lanhdao');
	const lists = [
		['/yeu-cau', 'Ngày gửi'],
		['/luu-tru', 'Tệp'],
		['/thanh-tra', 'Đợt kiểm tra'],
		['/thanh-tra/dao-tao', 'Số người tham dự']
	] as const;
	for (const [path, header] of lists) {
		await page.goto(path);
		await page.getByRole('columnheader', { name: header, exact: true }).getByRole('link').click();
		await expect(page).toHaveURL(/sap=\w+&chieu=asc/);
		await expect(page.getByRole('columnheader', { name: header, exact: true })).toHaveAttribute(
			'aria-sort',
			'ascending'
		);
		await expect(page.getByRole('link', { name: 'Xuất Excel' })).toHaveAttribute(
			'href',
			/^\/bao-cao\/xuat\?.*sap=\w+&chieu=asc.*list=\w+/
		);
	}
	// The trainings, fewest participants first: the workbook lists them in the page's order.
	const onPage = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Xuất Excel' }).click()
	]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile((await download.path())!);
	const titles: string[] = [];
	let header = 0;
	wb.worksheets[0]!.eachRow((row, n) => {
		const values = (row.values as unknown[]).slice(1);
		if (values.includes('Lớp tập huấn') && values.includes('Số người tham dự')) header = n;
		else if (header && values[2]) titles.push(String(values[2]));
	});
	expect(onPage.length).toBeGreaterThan(0);
	expect(titles.slice(0, onPage.length)).toEqual(onPage.map((s) => s.trim()));
});

test('a leader reads requests and inspections but sees no decision buttons', async ({ page }) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/yeu-cau');
	await expect(
		page.getByRole('heading', { name: 'Khôi phục thiết bị lưu khóa đang chờ xử lý' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Gửi yêu cầu mới' })).toHaveCount(0);
	await page.goto('/thanh-tra');
	await expect(page.getByRole('heading', { name: 'Thanh tra, kiểm tra' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Lập kế hoạch kiểm tra' })).toHaveCount(0);
});
