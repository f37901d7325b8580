import { test, expect, signInAs } from './fixtures';

test('an admin sees that no mail server is configured and sets the digest time, which moves its schedule', async ({
	page
}) => {
	await signInAs(page, 'admin');
	await page.goto('/quan-tri');
	await page.getByRole('link', { name: 'Thư điện tử' }).click();
	await expect(page.getByRole('heading', { name: 'Thư điện tử', level: 1 })).toBeVisible();
	await expect(
		page.getByText(/Chưa cấu hình máy chủ thư: hệ thống chỉ thông báo trong ứng dụng/)
	).toBeVisible();
	await page.getByLabel('Giờ gửi thư tổng hợp hằng ngày (giờ Việt Nam)').fill('18:30');
	await page.getByRole('button', { name: 'Lưu giờ gửi' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu giờ gửi và lịch chạy.' })).toBeVisible();
	await expect(page.getByText('30 18 * * *')).toBeVisible();
	await page.goto('/tac-vu');
	await expect(page.getByLabel('Lịch chạy (cron) mail-digest')).toHaveValue('30 18 * * *');
	await expect(page.getByRole('heading', { name: 'Thư tổng hợp gửi lỗi' })).toBeVisible();
});

test('an agency officer turns a kind of notification off for e-mail, and it stays off', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/thong-bao/cai-dat');
	await expect(page.getByRole('heading', { name: 'Nhận thông báo qua thư' })).toBeVisible();
	await expect(page.getByText('coquan@kiemky.test')).toBeVisible();
	const findings = page.getByRole('checkbox', { name: 'Cảnh báo mới' });
	await expect(findings).toBeChecked();
	await findings.uncheck();
	await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lựa chọn.' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('checkbox', { name: 'Cảnh báo mới' })).not.toBeChecked();
	await expect(page.getByRole('checkbox', { name: 'Chứng thư sắp hết hạn' })).toBeChecked();
});
