// Sign-in fixture: `signInAs('thanhtra')` opens a session for a demo user.
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'KiemKy@2026';

export async function signInAs(page: Page, username: string): Promise<void> {
	await page.goto('/dang-nhap');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

export const test = base;
export { expect };
