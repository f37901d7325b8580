// The sign-in page sends the user back to `next` only when it stays on this site. Browsers strip
// tabs and newlines from a Location before resolving it, so "/\t/evil.example" is "//evil.example".
import { describe, expect, it } from 'vitest';
import { isRedirect } from '@sveltejs/kit';
import { load } from '../../../src/routes/dang-nhap/+page.server';

const ORIGIN = 'https://kiemky.example.gov.vn';

async function landing(next: string): Promise<URL> {
	const url = new URL(`${ORIGIN}/dang-nhap`);
	url.searchParams.set('next', next);
	try {
		// A signed-in visitor is redirected straight to `next`.
		await (load as unknown as (e: unknown) => Promise<unknown>)({ locals: { user: { id: 1 } }, url });
	} catch (e) {
		if (isRedirect(e)) return new URL(e.location, url);
		throw e;
	}
	throw new Error('no redirect');
}

describe('sign-in `next` redirect', () => {
	it('keeps local paths with their query', async () => {
		const to = await landing('/chung-thu?q=a%20b#x');
		expect(to.origin).toBe(ORIGIN);
		expect(to.pathname + to.search + to.hash).toBe('/chung-thu?q=a%20b#x');
	});

	for (const next of [
		'//evil.example',
		'/\\evil.example',
		'https://evil.example/',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\\evil.example',
		'\t//evil.example',
		'/\t\\evil.example',
		'/.//evil.example',
		'/..//evil.example',
		'/%2e%2e//evil.example',
		'/x/../\\evil.example'
	]) {
		it(`never leaves the site for ${JSON.stringify(next)}`, async () => {
			const to = await landing(next);
			expect(to.origin).toBe(ORIGIN);
		});
	}
});
