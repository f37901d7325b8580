// The administrator's verification settings page: a bad value is refused in Vietnamese, a good one (a
// policy level) is saved and shown again after a reload. The values saved are the defaults, so later specs verify as before.
import { test, expect, signInAs } from './fixtures';

test('an administrator edits the verification settings; others cannot open them', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/quan-tri');
	await page.getByRole('link', { name: 'Cài đặt kiểm tra chữ ký số' }).click();
	await expect(page.getByRole('heading', { name: 'Cài đặt kiểm tra chữ ký số' })).toBeVisible();
	const bits = page.getByLabel('Độ dài khóa RSA tối thiểu (bit)');
	await expect(bits).toHaveValue('2048');
	await bits.fill('512');
	await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
	await expect(page.getByRole('alert')).toHaveText('Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.');
	await expect(bits).toHaveValue('512');

	await bits.fill('2048');
	const freshness = page.getByLabel('thông tin thu hồi (CRL/OCSP) đủ mới cho thời điểm cần kiểm tra');
	await expect(freshness).toHaveValue('FAIL');
	await freshness.selectOption({ label: 'Cảnh báo' });
	await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã lưu cài đặt.');
	await page.reload();
	await expect(freshness).toHaveValue('WARN');
	await freshness.selectOption('FAIL');
	await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã lưu cài đặt.');

	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await signInAs(page, 'thanhtra');
	const res = await page.goto('/quan-tri/kiem-tra');
	expect(res?.status()).toBe(403);
});
