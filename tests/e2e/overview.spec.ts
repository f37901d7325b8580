import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect, signInAs } from './fixtures';

/** The findings figure needs open findings: when this spec runs alone, no scan has made any yet. */
async function ensureOpenFindings(page: Page) {
	await signInAs(page, 'thanhtra');
	await page.goto('/canh-bao?status=open');
	if ((await page.locator('main tbody tr').count()) === 0) {
		await page.goto('/tac-vu');
		await page.getByRole('button', { name: 'Chạy ngay: Quét sử dụng chữ ký sai quy định' }).click();
		await expect(
			page
				.getByRole('row', { name: /misuse-scan/ })
				.first()
				.getByText('Thành công')
		).toBeVisible({ timeout: 90_000 });
	}
	await page.context().clearCookies();
}

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

test('a leader compares Quý 3/2026 with Quý 3/2025, sees the laggards, follows a finding figure and downloads the overview', async ({
	page
}) => {
	test.setTimeout(180_000);
	await ensureOpenFindings(page);
	await signInAs(page, 'lanhdao');
	await page.getByRole('combobox', { name: 'Kỳ', exact: true }).selectOption({ label: 'Quý 3/2026' });
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page).toHaveURL(/[?&]ky=q3-2026/);
	await expect(page.getByTestId('period-label')).toHaveText('Quý 3/2026');

	const comparison = page.getByTestId('comparison');
	await expect(comparison).toContainText('Quý 3/2025');
	await expect(comparison).toContainText('Quý 2/2026');
	// The demo province signs every quarter: both sides of the comparison have documents.
	const signed = comparison.locator('[data-row="signed"]');
	await expect(signed.locator('[data-cell="current"]')).toHaveText(/^[1-9][\d.]*$/);
	await expect(signed.locator('[data-cell="lastYear"]')).toHaveText(/^[1-9][\d.]*$/);
	// The signed figure leads to the events of the quarter.
	await expect(signed.locator('[data-cell="current"] a')).toHaveAttribute(
		'href',
		/\/ky-so\?from=2026-07-01&to=2026-09-30/
	);

	await expect(page.getByRole('heading', { name: '10 cơ quan thấp nhất' })).toBeVisible();
	await expect(page.getByTestId('laggards').locator('tbody tr').first()).toBeVisible();

	// Download the overview workbook and read it back.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Xuất Excel' }).click()
	]);
	expect(download.suggestedFilename()).toBe('tong-quan-q3-2026.xlsx');
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile((await download.path())!);
	const sheet = wb.getWorksheet('So sánh cùng kỳ');
	expect(sheet).toBeDefined();
	expect(String(sheet!.getCell('A1').value)).toContain('Quý 3/2026');
	expect(sheet!.getCell('A4').value).toBe('Văn bản được ký số');
	expect(wb.getWorksheet('Xếp hạng cơ quan')).toBeDefined();
	// The agencies that signed nothing, all of them (the page lists the first twenty).
	expect(wb.getWorksheet('Cơ quan không ký văn bản')).toBeDefined();

	// A finding figure leads to the findings list filtered by its article.
	const article = page.getByTestId('articles').locator('tbody tr').first();
	const articleName = (await article.locator('td').first().innerText()).trim();
	const count = (await article.locator('a').innerText()).trim();
	await article.locator('a').click();
	await expect(page).toHaveURL(/\/canh-bao\?dieu=/);
	await expect(page.locator('select[name="dieu"]')).toHaveValue(articleName);
	// The list counts exactly the findings the overview's figure counted.
	await expect(page.getByText(`${count} cảnh báo`, { exact: true })).toBeVisible();
});

test('a leader lists every agency that signed nothing, a hundred a page, and back to the first twenty', async ({
	page
}) => {
	await signInAs(page, 'lanhdao');
	const silent = page.getByTestId('silent').locator('tbody tr');
	await expect(silent).toHaveCount(20);
	const all = page.getByTestId('silent-more').getByRole('link', { name: /^Xem đủ [\d.]+ cơ quan$/ });
	const total = Number((await all.innerText()).replace(/\D/g, ''));
	expect(total).toBeGreaterThan(20);
	await all.click();
	await expect(page).toHaveURL(/[?&]khongky=1#silent$/);
	await expect(silent).toHaveCount(Math.min(total, 100));
	if (total > 100) {
		await page.getByRole('link', { name: /Trang sau/ }).click();
		await expect(page).toHaveURL(/[?&]khongky=2#silent$/);
		await expect(silent).toHaveCount(Math.min(total - 100, 100));
	}
	await page.getByTestId('silent-more').getByRole('link', { name: 'Thu gọn' }).click();
	await expect(page).not.toHaveURL(/khongky/);
	await expect(silent).toHaveCount(20);
});

test('an agency officer sees the same overview, scoped to their agency', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/?ky=q3-2026');
	await expect(page.getByTestId('period-label')).toHaveText('Quý 3/2026');
	await expect(page.getByTestId('comparison')).toContainText('Quý 3/2025');
	await expect(page.locator('[data-figure="active"]')).toHaveText(/^[1-9][\d.]*$/);
});
