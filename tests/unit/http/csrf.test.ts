// The cross-site form check that replaces SvelteKit's own: the same refusals for the pages, and
// a pass for /api requests that carry an API key (which no browser can attach cross-site).
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { csrfHandle, isCrossSiteForm } from '../../../src/lib/server/http/csrf';

function event(path: string, init: { method?: string; headers?: Record<string, string> }): RequestEvent {
	const url = new URL('http://kiemky.local' + path);
	return {
		url,
		request: new Request(url, { method: init.method ?? 'POST', headers: init.headers }),
		isDataRequest: false
	} as unknown as RequestEvent;
}

const form = { 'content-type': 'multipart/form-data; boundary=x' };

async function answer(e: RequestEvent, enabled = true): Promise<number> {
	const res = await csrfHandle(enabled)({
		event: e,
		resolve: async () => new Response('ok', { status: 299 })
	});
	return res.status;
}

describe('cross-site form check', () => {
	it('refuses form posts to pages from another origin or with none, as SvelteKit does', async () => {
		expect(await answer(event('/luu-tru/nhap', { headers: form }))).toBe(403);
		expect(
			await answer(event('/luu-tru/nhap', { headers: { ...form, origin: 'https://evil.example' } }))
		).toBe(403);
		expect(
			await answer(
				event('/dang-nhap', { headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } })
			)
		).toBe(403);
		expect(
			await answer(event('/luu-tru/nhap', { headers: { ...form, origin: 'http://kiemky.local' } }))
		).toBe(299);
		expect(await answer(event('/luu-tru', { method: 'GET', headers: {} }))).toBe(299);
	});

	it('lets an API key post a form to /api, and refuses a cookie-borne cross-site one with a JSON body', async () => {
		expect(
			await answer(event('/api/v1/documents', { headers: { ...form, authorization: 'Bearer kk_x' } }))
		).toBe(299);
		const e = event('/api/v1/documents', {
			headers: { ...form, cookie: 'session=abc', origin: 'https://evil.example' }
		});
		const res = await csrfHandle(true)({ event: e, resolve: async () => new Response('ok') });
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ code: 'CROSS_SITE_FORM' });
		// Only a page's Authorization header counts off /api.
		expect(
			isCrossSiteForm(
				event('/luu-tru/nhap', { headers: { ...form, authorization: 'Bearer x' } }).request,
				new URL('http://kiemky.local/luu-tru/nhap')
			)
		).toBe(true);
		// JSON is not a form type: a cross-site page cannot send it without a preflight.
		expect(await answer(event('/api/v1/ping', { headers: { 'content-type': 'application/json' } }))).toBe(
			299
		);
	});

	it('is off where SvelteKit’s is off (the dev server, the tests)', async () => {
		expect(await answer(event('/luu-tru/nhap', { headers: form }), false)).toBe(299);
	});
});
