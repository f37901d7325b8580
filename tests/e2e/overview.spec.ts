import { test, expect, signInAs } from './fixtures';

test('an anonymous visitor is sent to the sign-in page', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/dang-nhap\?next=%2F$/);
	await expect(page.getByRole('heading', { name: /Đăng nhập/ })).toBeVisible();
});

test('an inspector opens the overview with demo data', async ({ page }) => {
	await signInAs(page, 'thanhtra');
	await expect(page.getByRole('heading', { name: 'Tổng quan' })).toBeVisible();
	// The demo province has hundreds of certificates in use; an empty database would show 0.
	const active = page.locator('[data-figure="active"]');
	await expect(active).toHaveText(/^[1-9][\d.]*$/);
});
