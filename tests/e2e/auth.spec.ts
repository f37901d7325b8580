// Sign-in, cookie flags, security headers, role pages and sign-out over real HTTP in Chromium.
import { test, expect, signInAs, DEMO_PASSWORD } from './fixtures';

test('a wrong password gets a Vietnamese message, no session', async ({ page, context }) => {
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill('thanhtra');
	await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
	expect((await context.cookies()).find((c) => c.name === 'kiemky_session')).toBeUndefined();
});

test('what is typed before the page script loads survives hydration', async ({ page }) => {
	// A slow link: the form is usable before the script arrives, and hydration must not wipe it.
	await page.route('**/_app/immutable/**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		await route.continue();
	});
	await page.goto('/dang-nhap', { waitUntil: 'commit' });
	await page.getByLabel('Tên đăng nhập').fill('thanhtra');
	await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('thanhtra');
	await expect(page.getByLabel('Mật khẩu')).toHaveValue('sai-mat-khau');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the sign-in form still works: a refusal, then a session', async ({ page }) => {
		await page.goto('/dang-nhap');
		await page.getByLabel('Tên đăng nhập').fill('thanhtra');
		await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
		await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('thanhtra');
		await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
	});
});

test('the session cookie is HttpOnly and SameSite=Strict, and a planted one is replaced', async ({
	page,
	context,
	baseURL
}) => {
	await context.addCookies([{ name: 'kiemky_session', value: 'planted-by-attacker', url: baseURL! }]);
	await signInAs(page, 'thanhtra');
	const cookie = (await context.cookies()).find((c) => c.name === 'kiemky_session');
	expect(cookie?.httpOnly).toBe(true);
	expect(cookie?.sameSite).toBe('Strict');
	expect(cookie?.value).not.toBe('planted-by-attacker');
});

test('pages carry the CSP and framing headers', async ({ page }) => {
	const res = await page.goto('/dang-nhap');
	const h = res!.headers();
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['content-security-policy']).toContain("default-src 'self'");
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('same-origin');
});

test('the agency officer is refused the audit log and administration', async ({ page }) => {
	await signInAs(page, 'coquan');
	expect((await page.goto('/nhat-ky'))!.status()).toBe(403);
	expect((await page.goto('/quan-tri/nguoi-dung'))!.status()).toBe(403);
});

test('the inspector browses the audit log and sees their own sign-in', async ({ page }) => {
	await signInAs(page, 'thanhtra');
	await page.goto('/nhat-ky?actor=thanhtra&action=auth.sign_in');
	await expect(page.getByRole('heading', { name: 'Nhật ký hệ thống' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Đăng nhập', exact: true }).first()).toBeVisible();
	await page.getByRole('link', { name: 'Kiểm tra chuỗi mã băm' }).click();
	await expect(page.getByText('Nguyên vẹn')).toBeVisible();
});

test('an admin creates a user who can then sign in', async ({ page, browser }) => {
	await signInAs(page, 'admin');
	await page.goto('/quan-tri/nguoi-dung');
	await page.getByLabel('Tên đăng nhập').fill('canbo.moi');
	await page.getByLabel('Họ và tên').fill('Cán bộ Mới');
	await page.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill(DEMO_PASSWORD + 'x');
	await page.getByLabel('Cán bộ báo cáo').check();
	await page.getByRole('button', { name: 'Tạo người dùng' }).click();
	await expect(page.getByRole('heading', { name: 'Cán bộ Mới (canbo.moi)' })).toBeVisible();
	const other = await browser.newPage();
	await other.goto('/dang-nhap');
	await other.getByLabel('Tên đăng nhập').fill('canbo.moi');
	await other.getByLabel('Mật khẩu').fill(DEMO_PASSWORD + 'x');
	await other.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(other.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
	await other.close();
});

test('sign-out ends the session', async ({ page }) => {
	await signInAs(page, 'lanhdao');
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/dang-nhap/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/dang-nhap\?next=/);
});
