import { test, expect, signInAs } from './fixtures';

test('an inspector runs a scan now and sees it succeed with its progress and log', async ({ page }) => {
	test.setTimeout(180_000);
	await signInAs(page, 'thanhtra');
	await page.getByRole('link', { name: 'Tác vụ' }).click();
	await expect(page.getByRole('heading', { name: 'Tác vụ định kỳ' })).toBeVisible();
	for (const name of [
		'expiry-scan',
		'revocation-scan',
		'misuse-scan',
		'archive-reverify',
		'deadline-watch',
		'periodic-reports'
	])
		await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
	await page.getByRole('button', { name: 'Chạy ngay: Quét chứng thư sắp hết hạn' }).click();
	const row = page.getByRole('row', { name: /expiry-scan/ }).first();
	await expect(row.getByText('Thành công')).toBeVisible({ timeout: 120_000 });
	await row.getByRole('link', { name: 'Thành công' }).click();
	await expect(
		page.getByRole('heading', { name: /Lần chạy #\d+: Quét chứng thư sắp hết hạn/ })
	).toBeVisible();
	await expect(page.getByText(/Chạy ngay — \S+/)).toBeVisible();
	await expect(page.getByRole('cell', { name: /Hoàn thành/ })).toBeVisible();
});

test('an admin edits a schedule: a bad cron is refused in Vietnamese, a good one is saved', async ({
	page
}) => {
	await signInAs(page, 'admin');
	await page.goto('/tac-vu');
	const cron = page.getByLabel('Lịch chạy (cron) deadline-watch');
	await cron.fill('61 * * * *');
	await page
		.getByRole('row', { name: /deadline-watch/ })
		.getByRole('button', { name: 'Lưu lịch' })
		.click();
	await expect(page.getByRole('alert')).toHaveText('Biểu thức cron không hợp lệ ở trường phút ("61").');
	await cron.fill('15 7 * * 1-5');
	await page
		.getByRole('row', { name: /deadline-watch/ })
		.getByRole('button', { name: 'Lưu lịch' })
		.click();
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.reload();
	await expect(page.getByLabel('Lịch chạy (cron) deadline-watch')).toHaveValue('15 7 * * 1-5');
});

test('a leader sees the jobs but cannot run them; an agency officer cannot open the page', async ({
	page
}) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/tac-vu');
	await expect(page.getByRole('heading', { name: 'Tác vụ định kỳ' })).toBeVisible();
	await expect(page.getByRole('button', { name: /Chạy ngay/ })).toHaveCount(0);
	await page.context().clearCookies();
	await signInAs(page, 'coquan');
	const res = await page.goto('/tac-vu');
	expect(res?.status()).toBe(403);
});
