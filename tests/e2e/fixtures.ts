// Sign-in fixture: `signInAs('thanhtra')` opens a session for a demo user.
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'KiemKy@2026';

/** The administrator scripts/e2e.js makes with the CLI on the KIEMKY_DEMO=0 server ("fresh" project). */
export const FRESH_ADMIN = { username: 'quantri', password: 'KiemKy@Fresh2026' };

export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/dang-nhap');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

// Every page.goto waits for hydration: a field filled before the page script has run can be reset by
// it, which made specs flaky on a loaded CI machine. `waitUntil: 'commit'` opts out (for specs about
// exactly that moment), and so do a context with JavaScript disabled and error responses.
export const test = base.extend({
	page: async ({ page, javaScriptEnabled }, use) => {
		const goto = page.goto.bind(page);
		page.goto = async (url, options) => {
			const response = await goto(url, options);
			// Refusals by the access guard come back as a static error page, which never hydrates.
			const appPage =
				response !== null &&
				response.ok() &&
				(response.headers()['content-type'] ?? '').startsWith('text/html');
			if (javaScriptEnabled !== false && options?.waitUntil !== 'commit' && appPage) {
				await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
			}
			return response;
		};
		await use(page);
	}
});
export { expect };
