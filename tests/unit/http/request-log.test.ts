// Every line logged while a request is served carries its id, the answer carries it back, and a
// proxy's sane X-Request-Id is kept while anything else is replaced.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createLogger, logger as shared } from '../../../src/lib/server/logging/logger';
import { requestIdFor, requestLogHandle } from '../../../src/lib/server/logging/request-log';

function captured() {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk, _enc, done) {
			for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
			done();
		}
	});
	return { lines, log: createLogger(stream, 'info') };
}

const event = (headers: Record<string, string> = {}) =>
	({
		request: new Request('http://localhost/ky-so?x=1', { headers }),
		url: new URL('http://localhost/ky-so?x=1'),
		locals: {}
	}) as unknown as RequestEvent;

describe('request log', () => {
	it('tags every line logged during the request with its id, and answers with it', async () => {
		const { lines, log } = captured();
		const e = event();
		const response = await requestLogHandle(log)({
			event: e,
			resolve: async () => {
				log.warn({ detail: 1 }, 'inside a service');
				return new Response('ok', { status: 201 });
			}
		});
		const id = response.headers.get('x-request-id');
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(e.locals.requestId).toBe(id);
		expect(lines).toEqual([
			expect.objectContaining({ level: 'warn', msg: 'inside a service', requestId: id, service: 'kiem-ky' }),
			expect.objectContaining({
				level: 'info',
				msg: 'request',
				requestId: id,
				method: 'GET',
				path: '/ky-so',
				status: 201
			})
		]);
		expect(lines[1]).not.toHaveProperty('x'); // the query string is not logged
	});

	it('keeps a sane X-Request-Id from the proxy and replaces anything else', () => {
		expect(requestIdFor('req-0123456789abcdef')).toBe('req-0123456789abcdef');
		for (const bad of ['short', 'has space in it', 'a'.repeat(200), '<script>alert(1)</script>', null])
			expect(requestIdFor(bad)).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('logs no request id outside a request', () => {
		const { lines, log } = captured();
		log.info('at start');
		expect(lines[0]).not.toHaveProperty('requestId');
		expect(shared.level).toBe('warn'); // quiet under the test runner unless KIEMKY_LOG_LEVEL says otherwise
	});
});
