// A real deployment: the server started with KIEMKY_DEMO=0 on an empty database, its only account
// the administrator an operator made with `kiem-ky user add`.
import { test, expect, signInAs, FRESH_ADMIN } from './fixtures';

test('an empty deployment has no demo data and its administrator can sign in', async ({ page }) => {
	await signInAs(page, FRESH_ADMIN.username, FRESH_ADMIN.password);
	await page.goto('/co-quan');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByText('Sở Y tế')).toHaveCount(0);
	await page.goto('/dang-nhap');
});
