// Addresses a person or a probe may type: a NUL character, ids and numbers beyond what the
// database holds, malformed dates. Each answers 400 or 404 (or the page, the value ignored), in
// Vietnamese, and never 500, for the agency officer (whose scope check reads the record an id
// names) and for the province leader.
import { test, expect, signInAs } from './fixtures';

const ODD = [
	'/chung-thu?q=%00',
	'/nhan-su?q=a%00b',
	'/api/chon/nguoi?q=%00',
	'/chung-thu/2147483648',
	'/nhan-su/99999999999999999999',
	'/luu-tru/2147483648/bao-cao',
	'/thiet-bi/2147483648',
	'/?agency=1e309',
	'/?ky=m2026-13',
	'/chung-thu?agency=99999999999999999999',
	'/ky-so?agency=2147483648&tu=2026-02-30',
	'/luu-tru?trang=1e309&co-quan=99999999999999999999',
	'/canh-bao?page=99999999999999999999&co-quan=2147483648',
	'/yeu-cau?co-quan=1e309',
	'/co-quan/moi?cha=2147483648'
];

for (const role of ['coquan', 'lanhdao']) {
	test(`odd addresses answer 400 or 404 or the page, never 500, for ${role}`, async ({ page }) => {
		await signInAs(page, role);
		const failed: string[] = [];
		for (const href of ODD) {
			const response = await page.request.get(href, { maxRedirects: 0 });
			if (response.status() >= 500) failed.push(`${href}: ${response.status()}`);
		}
		expect(failed).toEqual([]);
		const nul = await page.request.get('/chung-thu?q=%00');
		expect(nul.status()).toBe(400);
		expect(await nul.text()).toContain('Dữ liệu nhập không hợp lệ');
		expect((await page.request.get('/chung-thu/2147483648')).status()).toBe(404);
	});
}
