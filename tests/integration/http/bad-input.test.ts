// A value the database cannot hold is the request's fault: 400 with a Vietnamese message, never
// 500. The edges refuse a NUL character in the address and read ids within an integer column's
// range (the routes and the scope check alike); behind them, whatever PostgreSQL still refuses as
// a data exception answers 400, on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { RequestEvent } from '@sveltejs/kit';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';

const { setDbHandle } = await import('../../../src/lib/server/db');
const { openTestDb } = await import('../../helpers/db');
const { buildOrg } = await import('../organisation/fixtures');
const { badInputBody, handleBadInput, isDataException } =
	await import('../../../src/lib/server/http/bad-input');
const { scopeDenialHandle } = await import('../../../src/lib/server/auth/scope-denial-handle');
const { load: certificateLoad } = await import('../../../src/routes/chung-thu/[id]/+page.server');
const { load: archiveLoad } = await import('../../../src/routes/luu-tru/+page.server');

const REFUSED = /Dữ liệu nhập không hợp lệ/;
let h: DbHandle;
let o: Awaited<ReturnType<typeof buildOrg>>;

function fakeEvent(path: string, accept: string, extra: Partial<RequestEvent> = {}): RequestEvent {
	const url = new URL('http://localhost' + path);
	return {
		request: new Request(url, { headers: { accept } }),
		url,
		route: { id: url.pathname },
		params: {},
		locals: { user: null, lang: 'vi' },
		isDataRequest: false,
		...extra
	} as unknown as RequestEvent;
}

/** What the database says to a statement, or null when it runs. */
async function refusal(statement: Promise<unknown>): Promise<unknown> {
	return statement.then(
		() => null,
		(e: unknown) => e
	);
}

beforeAll(async () => {
	h = await openTestDb();
	setDbHandle(h);
	o = await buildOrg(h.db);
});
afterAll(async () => {
	setDbHandle(undefined);
	await h.close();
});

describe('data exceptions', () => {
	it('are the database refusing a value: a NUL in text, an integer out of range, a bad date', async () => {
		const nul = await refusal(sql`select ${'a\u0000b'}::text as t`.execute(h.db));
		const big = await refusal(sql`select ${'2147483648'}::int as n`.execute(h.db));
		const date = await refusal(sql`select ${'2026-02-30'}::date as d`.execute(h.db));
		for (const e of [nul, big, date]) {
			expect(e).not.toBeNull();
			expect(isDataException(e)).toBe(true);
		}
		// A statement that is wrong in itself is not the request's fault.
		const wrong = await refusal(sql`select * from no_such_table`.execute(h.db));
		expect(isDataException(wrong)).toBe(false);
		expect(isDataException(new Error('boom'))).toBe(false);
	});
});

describe('handleBadInput', () => {
	it('refuses a NUL character in the address before any route runs, as a page and as JSON', async () => {
		let reached = false;
		const resolve = async () => {
			reached = true;
			return new Response('ok');
		};
		const page = await handleBadInput({ event: fakeEvent('/chung-thu?q=%00', 'text/html'), resolve });
		expect(page.status).toBe(400);
		expect(await page.text()).toMatch(REFUSED);
		const api = await handleBadInput({ event: fakeEvent('/api/chon/nguoi?q=a%00b', '*/*'), resolve });
		expect(api.status).toBe(400);
		expect(((await api.json()) as { code: string }).code).toBe('INVALID_INPUT');
		expect(reached).toBe(false);
		const fine = await handleBadInput({ event: fakeEvent('/chung-thu?q=abc%20', 'text/html'), resolve });
		expect(fine.status).toBe(200);
	});

	it('turns the 500 of a load whose value the database refused into a 400; other faults stay 500', async () => {
		const refused = await refusal(sql`select ${'x\u0000'}::text`.execute(h.db));
		const res = await handleBadInput({
			event: fakeEvent('/nhan-su', 'text/html'),
			resolve: async (e) => {
				// What SvelteKit does with a load's unexpected error: handleError, then a 500 page.
				const body = badInputBody(refused, e);
				return new Response(`<h1>500</h1><p>${body?.message}</p>`, {
					status: 500,
					headers: { 'content-type': 'text/html' }
				});
			}
		});
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toMatch(REFUSED);
		expect(html).not.toContain('500');
		const other = await handleBadInput({
			event: fakeEvent('/nhan-su', 'text/html'),
			resolve: async (e) => {
				expect(badInputBody(new Error('boom'), e)).toBeNull();
				return new Response('Internal Error', { status: 500 });
			}
		});
		expect(other.status).toBe(500);
		// Thrown by a handle below it (not rendered by SvelteKit): 400 as well.
		const thrown = await handleBadInput({
			event: fakeEvent('/api/chon/nguoi', 'application/json'),
			resolve: async () => {
				throw refused;
			}
		});
		expect(thrown.status).toBe(400);
	});
});

describe('ids beyond an integer column', () => {
	const officer = (): AuthUser => ({
		id: 1,
		username: 'coquan',
		displayName: 'Cán bộ',
		roles: ['agency_officer'],
		agencyId: o.agencies.A.id,
		scope: { kind: 'subtree', agencyId: o.agencies.A.id, path: o.agencies.A.path },
		sessionId: 's'
	});

	it("are a 404 in a route and no question for the agency officer's scope check", async () => {
		const err = await refusal(
			Promise.resolve(
				certificateLoad({
					locals: { user: officer() },
					params: { id: '2147483648' },
					url: new URL('http://localhost/chung-thu/2147483648')
				} as never)
			)
		);
		expect((err as { status?: number }).status).toBe(404);
		const scopeCheck = scopeDenialHandle(
			async () => h.db,
			async () => undefined
		);
		const passed = await scopeCheck({
			event: fakeEvent('/chung-thu/2147483648', 'text/html', {
				params: { id: '2147483648' },
				route: { id: '/chung-thu/[id]' },
				locals: { user: officer(), lang: 'vi' } as App.Locals
			} as Partial<RequestEvent>),
			resolve: async () => new Response('route', { status: 200 })
		});
		expect(passed.status).toBe(200);
	});

	it('read as absent in a list: every row, the first page', async () => {
		const data = (await archiveLoad({
			locals: { user: officer() },
			url: new URL('http://localhost/luu-tru?trang=1e309&co-quan=99999999999999999999')
		} as never)) as { page: number; filters: { agencyId?: number } };
		expect(data.page).toBe(1);
		expect(data.filters.agencyId).toBeUndefined();
	});
});
