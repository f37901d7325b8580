// The overview as a provincial leader reads it: charts drawn, figures consistent with the
// inventory pages; the agency officer sees only Sở Y tế's subtree.
import { test, expect, signInAs } from './fixtures';

const number = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test('the leader sees the overview charts and figures that agree with the certificate list', async ({
	page
}) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/?ky=q3-2026');
	await expect(page.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
	await expect(page.locator('figure.chart canvas')).toHaveCount(2);
	await expect(page.getByRole('img', { name: /Xu hướng ký số theo tháng/ })).toBeVisible();

	const active = number(await page.locator('[data-figure="active"]').textContent());
	expect(active).toBeGreaterThan(0);
	// The card links to the list, whose total (an independent query) matches.
	await page.locator('a.card', { hasText: 'Chứng thư đang sử dụng' }).click();
	await expect(page).toHaveURL(/\/chung-thu\?status=active/);
	await expect(page.getByRole('navigation', { name: /bản ghi/ })).toContainText(
		`${active.toLocaleString('vi-VN')} bản ghi`
	);
});

test('the documents signed by channel add up to the documents signed in the period', async ({ page }) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/?ky=q3-2026');
	const cells = await page.getByTestId('channels').locator('tbody tr td:nth-child(2)').allTextContents();
	const sum = cells.reduce((s, c) => s + number(c), 0);
	const signed = number(await page.locator('[data-figure="signed"]').textContent());
	expect(sum).toBe(signed);
	expect(sum).toBeGreaterThan(0);
});

test('the Sở Y tế officer sees only its own subtree on the overview and agency tree', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/');
	await expect(page.getByText(/Số liệu trong phạm vi: Sở Y tế/)).toBeVisible();
	const options = await page
		.getByRole('combobox', { name: 'Cơ quan, đơn vị' })
		.locator('option')
		.allTextContents();
	expect(options.some((o) => o.includes('Sở Khoa học và Công nghệ'))).toBe(false);
	await page.goto('/co-quan');
	const names = await page.locator('tbody tr td:first-child').allTextContents();
	expect(names[0]?.trim()).toBe('Sở Y tế');
	expect(names.some((n) => n.includes('Sở Khoa học'))).toBe(false);
});
