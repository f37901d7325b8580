// An answer given without reading the request's body closes the connection; one that read it, or a
// request without a body, keeps it.
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { closeAfterUnreadBody } from '../../../src/lib/server/http/unread-body';

const event = (init: RequestInit) =>
	({ request: new Request('http://localhost/quan-tri/nguoi-dung', init) }) as unknown as RequestEvent;

describe('closeAfterUnreadBody', () => {
	it('closes the connection after a post whose body nobody read', async () => {
		const res = await closeAfterUnreadBody({
			event: event({ method: 'POST', body: 'x'.repeat(20_000) }),
			resolve: async () => new Response('forbidden', { status: 403 })
		});
		expect(res.status).toBe(403);
		expect(res.headers.get('connection')).toBe('close');
	});
	it('keeps it when the body was read, or when there was none', async () => {
		const read = await closeAfterUnreadBody({
			event: event({ method: 'POST', body: 'a=1' }),
			resolve: async (e) => {
				await e.request.text();
				return new Response('ok');
			}
		});
		expect(read.headers.get('connection')).toBeNull();
		const get = await closeAfterUnreadBody({
			event: event({ method: 'GET' }),
			resolve: async () => new Response('ok')
		});
		expect(get.headers.get('connection')).toBeNull();
	});
	it('copies a response whose headers cannot change', async () => {
		const frozen = Response.redirect('http://localhost/', 303);
		const res = await closeAfterUnreadBody({
			event: event({ method: 'POST', body: 'a=1' }),
			resolve: async () => frozen
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('connection')).toBe('close');
		expect(res.headers.get('location')).toBe('http://localhost/');
	});
});
