// The notification centre on the demo server: after the notifications job ran, the agency officer's
// bell shows an unread count, the centre lists the notifications (at phone width too), and marking
// all read brings the count to zero.
import { test, expect, signInAs } from './fixtures';

test("an agency officer sees the bell's count, opens the centre and marks everything read", async ({
	page
}) => {
	test.setTimeout(240_000);
	// The demo server starts without its first-look scans: an inspector runs the job.
	await signInAs(page, 'thanhtra');
	await page.goto('/tac-vu');
	await page.getByRole('button', { name: 'Chạy ngay: Cập nhật thông báo' }).click();
	await expect(
		page
			.getByRole('row', { name: /notifications-refresh/ })
			.first()
			.getByText('Thành công')
	).toBeVisible({ timeout: 150_000 });
	await page.getByRole('button', { name: 'Đăng xuất' }).click();

	await signInAs(page, 'coquan');
	const bell = page.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ });
	await expect(bell).toBeVisible();
	const label = (await bell.getAttribute('aria-label')) ?? '';
	const count = Number(/(\d+)/.exec(label)?.[1]);
	expect(count).toBeGreaterThan(0);

	await page.setViewportSize({ width: 390, height: 844 });
	await bell.click();
	await expect(page.getByRole('heading', { name: 'Thông báo', exact: true })).toBeVisible();
	await expect(page.getByText(`${count} thông báo chưa đọc.`)).toBeVisible();
	await expect(page.getByRole('button', { name: /^Đánh dấu đã đọc: / })).toHaveCount(count);
	// Nothing wider than the phone's screen.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// Filter by kind with its vocabulary label, then back to every unread one.
	await page.getByLabel('Loại').selectOption({ label: 'Chứng thư sắp hết hạn' });
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page).toHaveURL(/loai=certificate_expiry/);
	await page.goto('/thong-bao');

	await page.getByRole('button', { name: 'Đánh dấu tất cả là đã đọc' }).click();
	await expect(page.getByRole('status')).toHaveText(`Đã đánh dấu ${count} thông báo là đã đọc.`);
	await expect(page.getByRole('link', { name: 'Thông báo: không có thông báo chưa đọc' })).toBeVisible();
	await expect(page.getByText('Không có thông báo nào.')).toBeVisible();

	// "Tất cả" still lists them, no longer marked unread.
	await page.getByLabel('Hiển thị').selectOption({ label: 'Tất cả' });
	await page.getByRole('button', { name: 'Lọc' }).click();
	const items = page.getByRole('main').getByRole('listitem');
	await expect(items.first()).toBeVisible();
	expect(await items.count()).toBeGreaterThanOrEqual(count);
	await expect(page.getByRole('button', { name: /^Đánh dấu đã đọc: / })).toHaveCount(0);
});
