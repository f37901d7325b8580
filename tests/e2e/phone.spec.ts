// The dashboard on a phone (390×844, the "phone" project in playwright.config.ts): every page in
// each role's navigation fits the screen's width (no sideways page scroll: wide tables scroll in
// their own box), the menu button opens, closes and navigates, the skip link reaches the content,
// and the error pages speak Vietnamese with a way back.
import { test, expect, signInAs } from './fixtures';
import type { Page } from '@playwright/test';

const ROLES = ['admin', 'thanhtra', 'lanhdao', 'baocao', 'coquan'];

async function navHrefs(page: Page): Promise<string[]> {
	return page.locator('#site-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/**
 * Scroll boxes (every table in <main> on a phone) wider than their box that a keyboard cannot reach: not focusable
 * and holding nothing focusable, so their hidden columns could not be scrolled into view without a pointer.
 */
async function unreachableScrollBoxes(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('main table, main .table-scroll')]
			.filter(
				(box) =>
					box.scrollWidth > box.clientWidth + 1 &&
					box.tabIndex < 0 &&
					!box.querySelector(
						'a[href], :is(button, input, select, textarea):not([disabled], [type="hidden"]), [tabindex]:not([tabindex="-1"])'
					)
			)
			.map((box) => box.outerHTML.slice(0, 80))
	);
}

// The province-wide roles share the pages and the data: each measures only the pages of its navigation
// that no role before it measured (the administrator's holds nearly every page, with the most rows), as
// measuring them all again cost CI minutes. The agency officer (another scope, other forms) measures
// all of its own. After a failure Playwright starts a new worker and later roles measure more.
const measured = new Set<string>();
const AGENCY_SCOPED = 'coquan';

for (const role of ROLES) {
	test(`every navigation page fits a 390 px screen for ${role}`, async ({ page }) => {
		expect(page.viewportSize()?.width).toBe(390);
		await signInAs(page, role);
		const hrefs = await navHrefs(page);
		expect(hrefs.length).toBeGreaterThan(8);
		const wide: string[] = [];
		for (const href of role === AGENCY_SCOPED ? hrefs : hrefs.filter((h) => !measured.has(h))) {
			measured.add(href);
			const response = await page.goto(href);
			expect(response?.status(), href).toBe(200);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			if (width > 390) wide.push(`${href}: ${width}px`);
			await expect
				.poll(() => unreachableScrollBoxes(page), `${href}: scroll boxes out of keyboard reach`)
				.toEqual([]);
		}
		expect(wide, 'pages wider than the screen').toEqual([]);
	});
}

// The forms are reached from the lists, not from the menu: the new-record forms and an agency's page (its move and
// merge forms), with their search-as-you-type fields, whose 40-character inputs were once wider than a phone.
const FORMS = [
	'/yeu-cau/moi',
	'/co-quan/moi',
	'/nhan-su/moi',
	'/thanh-tra/moi',
	'/thiet-bi/moi',
	'/co-quan/4'
];

for (const role of ['admin', AGENCY_SCOPED]) {
	test(`the forms and their open search lists fit a 390 px screen for ${role}`, async ({ page }) => {
		await signInAs(page, role);
		const wide: string[] = [];
		let measuredForms = 0;
		for (const href of FORMS) {
			const response = await page.goto(href);
			// A form the role may not use is refused (measured above: the refusal page fits).
			if (response?.status() === 403) continue;
			expect(response?.status(), href).toBe(200);
			measuredForms++;
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			if (width > 390) wide.push(`${href}: ${width}px`);
		}
		expect(wide, 'forms wider than the screen').toEqual([]);
		expect(measuredForms).toBeGreaterThan(0);

		// A search list opened under its field stays within the screen too.
		await page.goto('/yeu-cau/moi');
		const field = page.getByRole('combobox', { name: 'Chứng thư' });
		await field.fill('a');
		await expect(page.getByRole('listbox', { name: 'Chứng thư' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	});
}

test('the menu button opens the navigation, Escape closes it, a link navigates', async ({ page }) => {
	await signInAs(page, 'thanhtra');
	await page.goto('/');
	const button = page.getByRole('button', { name: 'Mở danh mục chức năng' });
	const nav = page.locator('#site-nav');
	await expect(button).toHaveAttribute('aria-expanded', 'false');
	await expect(button).toHaveAttribute('aria-controls', 'site-nav');
	await expect(nav).toBeHidden();

	await button.click();
	const close = page.getByRole('button', { name: 'Đóng danh mục chức năng' });
	await expect(close).toHaveAttribute('aria-expanded', 'true');
	await expect(nav).toBeVisible();
	await expect(nav.getByRole('link').first()).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(nav).toBeHidden();
	await expect(button).toBeFocused();

	await button.click();
	await nav.getByRole('link', { name: 'Cảnh báo', exact: true }).click();
	await expect(page).toHaveURL(/\/canh-bao$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(nav).toBeHidden();
	await expect(button).toHaveAttribute('aria-expanded', 'false');
});

test('the skip link is the first stop and moves focus to the content', async ({ page }) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/chung-thu');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page.locator('main#content')).toBeFocused();
	// The next Tab goes into the page, not back through the menu.
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});

test('a missing page says so in Vietnamese, fits the screen and leads back', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/chung-thu');
	await page.goto('/khong-co-trang-nay');
	await expect(page.getByRole('heading', { name: 'Không tìm thấy trang (404)' })).toBeVisible();
	await expect(page.getByText('Not Found')).toHaveCount(0);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.getByRole('link', { name: 'Quay lại trang trước' }).click();
	await expect(page).toHaveURL(/\/chung-thu$/);
	await page.goto('/khong-co-trang-nay');
	await page.getByRole('link', { name: 'Về trang chủ' }).click();
	await expect(page.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
});

test('a page the role may not open is refused in Vietnamese with a way home', async ({ page }) => {
	await signInAs(page, 'coquan');
	const response = await page.goto('/quan-tri');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Không có quyền truy cập (403)' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
