// The request pipeline of hooks.server.ts, run in order on a demo database: every answer carries
// the security headers, the access guard's redirects and refusals included, and form posts of
// another content type than a form's are refused with 415 before any action reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { requestHandles } from '../../../src/lib/server/http/pipeline';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session-token';
import { saveUserLanguage } from '../../../src/lib/server/auth/user-language';

let h: DbHandle;
const tokens: Record<string, string> = {};

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	for (const username of ['admin', 'coquan']) {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		tokens[username] = (await createSession(h.db, u.id, {})).token;
	}
});
afterAll(async () => h?.close());

interface Req {
	routeId: string | null;
	path: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	who?: 'admin' | 'coquan';
}

function fakeEvent(r: Req): RequestEvent {
	const url = new URL('http://localhost' + r.path);
	const headers: Record<string, string> = { ...r.headers };
	if (r.who)
		headers.cookie = [headers.cookie, `${SESSION_COOKIE}=${tokens[r.who]}`].filter(Boolean).join('; ');
	const jar = new Map<string, string>();
	for (const part of (headers.cookie ?? '').split(';').filter(Boolean))
		jar.set(part.split('=')[0]!.trim(), part.slice(part.indexOf('=') + 1));
	return {
		request: new Request(url, { method: r.method ?? 'GET', headers, body: r.body }),
		url,
		route: { id: r.routeId },
		params: {},
		locals: { user: null, lang: 'vi' },
		cookies: {
			get: (n: string) => jar.get(n),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (n: string, v: string) => void jar.set(n, v),
			delete: (n: string) => void jar.delete(n),
			serialize: (n: string, v: string) => `${n}=${v}; Path=/; Max-Age=0`
		},
		getClientAddress: () => '10.9.9.9',
		setHeaders: () => {},
		fetch,
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false
	} as unknown as RequestEvent;
}

/** Runs the handles as `sequence()` does, the route answering 200 "reached". */
async function run(r: Req): Promise<{ response: Response; reached: boolean; event: RequestEvent }> {
	const handles: Handle[] = requestHandles(async () => h.db);
	let reached = false;
	const at = (i: number, event: RequestEvent): Promise<Response> =>
		Promise.resolve(
			i === handles.length
				? ((reached = true), new Response('reached', { status: 200 }))
				: handles[i]!({ event, resolve: (e) => at(i + 1, e) })
		);
	const event = fakeEvent(r);
	return { response: await at(0, event), reached, event };
}

function expectSecurityHeaders(res: Response): void {
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('x-frame-options')).toBe('DENY');
	expect(res.headers.get('referrer-policy')).toBe('same-origin');
	expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

describe('security headers on every answer', () => {
	it('on the guard’s redirect of an anonymous visitor to sign-in', async () => {
		const { response, reached } = await run({
			routeId: '/chung-thu',
			path: '/chung-thu?status=active',
			headers: { accept: 'text/html' }
		});
		expect(reached).toBe(false);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/dang-nhap?next=%2Fchung-thu%3Fstatus%3Dactive');
		expectSecurityHeaders(response);
	});

	it('on the guard’s 403 to an agency officer, with no-store', async () => {
		const { response, reached } = await run({
			routeId: '/quan-tri',
			path: '/quan-tri',
			who: 'coquan',
			headers: { accept: 'text/html' }
		});
		expect(reached).toBe(false);
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Bạn không có quyền truy cập trang này.');
		expectSecurityHeaders(response);
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('on the guard’s 401 to an anonymous form post, as JSON when asked for', async () => {
		const { response } = await run({
			routeId: '/canh-bao/[id]',
			path: '/canh-bao/1?/resolve',
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: 'note=x'
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ message: 'Vui lòng đăng nhập.' });
		expectSecurityHeaders(response);
	});

	it('on a route’s own answer', async () => {
		const { response, reached } = await run({ routeId: '/', path: '/', who: 'admin' });
		expect(reached).toBe(true);
		expectSecurityHeaders(response);
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('and a stale session cookie is still cleared on the redirect to sign-in', async () => {
		const { response } = await run({
			routeId: '/chung-thu',
			path: '/chung-thu',
			headers: { cookie: `${SESSION_COOKIE}=stale-token`, accept: 'text/html' }
		});
		expect(response.status).toBe(303);
		expect(response.headers.getSetCookie().join('\n')).toContain(`${SESSION_COOKIE}=;`);
	});
});

describe('form posts of another content type', () => {
	for (const type of ['text/plain', 'application/json', 'text/plain;charset=UTF-8', ''])
		it(`answer 415 to an anonymous sign-in posted as ${JSON.stringify(type)}`, async () => {
			const { response, reached } = await run({
				routeId: '/dang-nhap',
				path: '/dang-nhap',
				method: 'POST',
				headers: { ...(type ? { 'content-type': type } : {}), accept: 'text/html' },
				body: 'username=admin\npassword=x'
			});
			expect(reached).toBe(false);
			expect(response.status).toBe(415);
			expect(await response.text()).toContain('Biểu mẫu phải được gửi');
			expectSecurityHeaders(response);
		});

	it('answer 415 to a signed-in named action posted as text/plain, as JSON for enhanced forms', async () => {
		const { response, reached } = await run({
			routeId: '/thanh-tra/[id]',
			path: '/thanh-tra/1?/update',
			method: 'POST',
			who: 'admin',
			headers: { 'content-type': 'text/plain', accept: 'application/json', 'x-sveltekit-action': 'true' },
			body: 'title=x'
		});
		expect(reached).toBe(false);
		expect(response.status).toBe(415);
		expect((await response.json()).message).toContain('Biểu mẫu phải được gửi');
	});

	for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
		it(`let ${type} through`, async () => {
			const { reached } = await run({
				routeId: '/dang-nhap',
				path: '/dang-nhap',
				method: 'POST',
				headers: { 'content-type': type },
				body: ''
			});
			expect(reached).toBe(true);
		});

	it('leave /api endpoints to take JSON', async () => {
		const { response } = await run({
			routeId: '/api/v1/ping',
			path: '/api/v1/ping',
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(response.status).not.toBe(415);
	});
});

describe('language', () => {
	it('follows the cookie, until a signed-in user has chosen one on their account', async () => {
		const page = { routeId: '/', path: '/', headers: { cookie: 'lang=en' } };
		expect((await run(page)).event.locals.lang).toBe('en');
		expect((await run({ ...page, who: 'coquan' })).event.locals.lang).toBe('en');

		const coquan = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', 'coquan')
			.executeTakeFirstOrThrow();
		await saveUserLanguage(h.db, coquan.id, 'vi');
		const signedIn = await run({ ...page, who: 'coquan' });
		expect(signedIn.event.locals.lang).toBe('vi');
		// Anonymous requests still follow the cookie.
		expect((await run(page)).event.locals.lang).toBe('en');
	});
});
