// Lifecycle requests in the browser: an agency officer files a revocation request for their own
// agency (picking its certificate), an inspector accepts it, a rejection without a reason is refused, one with a reason kept.
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
