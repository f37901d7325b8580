// The raw-code crawl: each demo role visits every page its navigation offers, plus the first
// detail page linked from each list, and no internal code may reach the screen — no snake_case
// token, no JSON, no English status word in Vietnamese mode. A leak names the page and the words.
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, signInAs, test } from './fixtures';

const ROLES = ['admin', 'thanhtra', 'lanhdao', 'baocao', 'coquan'] as const;

const SNAKE = /\b[a-z]+_[a-z_]+\b/g;
const JSON_BRACE = /\{"|"\}/g;
const ENGLISH =
	/\b(high|medium|low|critical|resolved|acknowledged|open|pending|running|queued|succeeded|failed|abandoned|cancelled|true|false|null|undefined|NaN|Invalid Date)\b/g;
/** Proper nouns and fixed technical names that are neither codes nor English UI words. */
const ALLOWED = new Set<string>([]);

/** The raw codes in the page's visible text, each with the words around it (to tell where it is shown). */
async function leaks(page: Page): Promise<string[]> {
	// "đánh dấu critical" is X.509's criticality flag (RFC 5280 §4.2), named as the standard names it in the
	// verification checks' descriptions, not a severity code.
	const text = (await page.evaluate(() => document.body.innerText)).replaceAll(
		'đánh dấu critical',
		'đánh dấu'
	);
	const found = new Map<string, string>();
	for (const pattern of [SNAKE, JSON_BRACE, ENGLISH]) {
		for (const m of text.matchAll(pattern)) {
			if (ALLOWED.has(m[0]) || found.has(m[0])) continue;
			const around = text.slice(Math.max(0, m.index - 60), m.index + m[0].length + 60).replace(/\s+/g, ' ');
			found.set(m[0], `${m[0]} (… ${around} …)`);
		}
	}
	return [...found.values()];
}

async function navHrefs(page: Page): Promise<string[]> {
	return page
		.locator('nav a')
		.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** The first link in the page's list that leads one level deeper (a detail page). */
async function firstDetail(page: Page, href: string): Promise<string | null> {
	const prefix = href === '/' ? null : `${href}/`;
	if (!prefix) return null;
	// Downloads (a report's workbook, an export) are files, not pages: they are left out.
	const links = await page
		.locator('main table a:not([download]), main ul a:not([download]), main .cards a:not([download])')
		.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	return (
		links.find(
			(p) =>
				p.startsWith(prefix) &&
				!/\/(tai-ve|xuat|bao-cao)$/.test(p) &&
				/\/\d+$|\/[^/]+$/.test(p.slice(prefix.length - 1))
		) ?? null
	);
}

test('the scans have run, so findings and job results are on screen', async ({ page }) => {
	test.setTimeout(120_000);
	await signInAs(page, 'admin');
	await page.goto('/tac-vu');
	for (const [name, title] of <const>[
		['expiry-scan', 'Quét chứng thư sắp hết hạn'],
		['misuse-scan', 'Quét sử dụng chữ ký sai quy định']
	]) {
		await page.getByRole('button', { name: `Chạy ngay: ${title}` }).click();
		await expect(
			page
				.getByRole('row', { name: new RegExp(name) })
				.first()
				.getByText('Thành công')
		).toBeVisible({ timeout: 60_000 });
	}
});

// The province-wide roles share the pages and the data: each reads only the pages of its navigation (and
// their first detail pages) that no role before it read, the administrator first, whose navigation holds
// nearly every page; reading them all again cost CI minutes and found nothing new. The agency officer
// (another scope, other forms) reads all of its own. (After a failure Playwright starts a new worker,
// whose set is empty: later roles then read more, never less.)
const read = new Set<string>();
const AGENCY_SCOPED = 'coquan';

for (const role of ROLES) {
	test(`${role}: no raw code on the pages of the navigation or their first detail pages`, async ({
		page
	}) => {
		test.setTimeout(240_000);
		await signInAs(page, role);
		const pages = await navHrefs(page);
		expect(pages.length).toBeGreaterThan(3);
		const problems: string[] = [];
		const mine = new Set<string>();
		const check = async (path: string) => {
			if (mine.has(path) || (role !== AGENCY_SCOPED && read.has(path))) return;
			mine.add(path);
			read.add(path);
			const res = await page.goto(path);
			expect(res?.status(), path).toBeLessThan(400);
			const found = await leaks(page);
			if (found.length) problems.push(`${path}: ${found.join(', ')}`);
		};
		for (const href of role === AGENCY_SCOPED ? pages : pages.filter((h) => !read.has(h))) {
			await check(href);
			const detail = await firstDetail(page, href);
			if (detail) await check(detail);
		}
		if (role === 'admin') expect(mine.size).toBeGreaterThan(pages.length);
		expect(problems, problems.join('\n')).toEqual([]);
	});
}

test('the language switch is kept on the account, across browsers', async ({ page, browser }) => {
	await signInAs(page, 'lanhdao');
	await page.getByRole('button', { name: 'EN' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('link', { name: 'Jobs' })).toBeVisible();

	// Another browser, with no cookie: the account's choice applies once signed in.
	const other = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const second = await other.newPage();
	await second.goto('/dang-nhap');
	await second.getByLabel('Tên đăng nhập').fill('lanhdao');
	await second.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await second.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(second.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await expect(second.locator('html')).toHaveAttribute('lang', 'en');
	await second.getByRole('button', { name: 'VI' }).click();
	await expect(second.locator('html')).toHaveAttribute('lang', 'vi');
	await other.close();
});
