import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimited } from '../../../src/lib/server/api/rate-limit';
import { readJsonBody } from '../../../src/lib/server/api/body';

const post = (body: BodyInit | null, headers: Record<string, string>) =>
	new Request('http://localhost/api/v1/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('per-key rate limit', () => {
	it('allows a minute of requests, then answers 429 with Retry-After until tokens refill', async () => {
		let t = 0;
		const limiter = new RateLimiter(3, () => t);
		expect([limiter.take(1), limiter.take(1), limiter.take(1)]).toEqual([0, 0, 0]);
		const refused = rateLimited(1, limiter)!;
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
		expect(limiter.take(2)).toBe(0); // another key has its own bucket
		t += 20_000; // one token back (3 per minute)
		expect(limiter.take(1)).toBe(0);
		expect(limiter.take(1)).toBeGreaterThan(0);
	});
	it('is off at 0', () => {
		const limiter = new RateLimiter(0);
		for (let i = 0; i < 100; i++) expect(limiter.take(1)).toBe(0);
	});
});

describe('reading a JSON body', () => {
	it('refuses a wrong content type with 415', async () => {
		const r = await readJsonBody(post('{}', { 'content-type': 'text/plain' }), 100);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.response.status).toBe(415);
		// Answered before the body was read: the connection closes, so a retry opens a new one
		// instead of meeting a reset on a connection holding the unread body.
		if (!r.ok) expect(r.response.headers.get('connection')).toBe('close');
	});
	it('refuses malformed JSON with 400 INVALID_JSON in both languages', async () => {
		const r = await readJsonBody(post('{"a":', { 'content-type': 'application/json' }), 100);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		const body = await r.response.json();
		expect(r.response.status).toBe(400);
		expect(body.code).toBe('INVALID_JSON');
		expect(body.message).toMatch(/JSON/);
		expect(body.message_en).toMatch(/not valid JSON/);
	});
	it('answers 413 when the streamed body passes the cap, whatever Content-Length said', async () => {
		const big = new ReadableStream({
			start(c) {
				for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(50)));
				c.close();
			}
		});
		const r = await readJsonBody(post(big, { 'content-type': 'application/json' }), 200);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.response.status).toBe(413);
		if (!r.ok) expect(r.response.headers.get('connection')).toBe('close');
	});
	it('parses a body within the cap', async () => {
		const r = await readJsonBody(post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' }), 100);
		expect(r).toEqual({ ok: true, value: { a: 1 } });
	});
});
