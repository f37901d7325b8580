// A PostgreSQL restart, failover or proxy cut terminates the server's connections. The statement
// a connection was serving fails, the process keeps running (no unheard 'error' event on a client:
// Vitest fails the run on such an uncaught exception), the pool opens fresh connections, and a
// request that hit the cut answers 503 with a Vietnamese body instead of 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { openTestDb } from '../../helpers/db';
import {
	NEEDS_POSTGRES,
	terminateBackends,
	terminateBackendsRunning,
	waitForStatement
} from '../../helpers/connection-cut';
import { postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { isConnectionLost } from '../../../src/lib/server/db/connection-errors';
import { databaseErrorBody, handleDatabaseOutage } from '../../../src/lib/server/db/outage-response';
import { accessHandle, identityHandle } from '../../../src/lib/server/auth/guard';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session-token';

const onPostgres = testDbKind() === 'postgres';
const UNAVAILABLE = /Không kết nối được cơ sở dữ liệu/;

function fakeEvent(path: string, headers: Record<string, string>): RequestEvent {
	const url = new URL('http://localhost' + path);
	const cookies = new Map<string, string>();
	for (const part of (headers.cookie ?? '').split(';').filter(Boolean))
		cookies.set(part.split('=')[0]!.trim(), part.slice(part.indexOf('=') + 1));
	return {
		request: new Request(url, { headers }),
		url,
		route: { id: url.pathname },
		params: {},
		locals: { user: null, lang: 'vi' },
		cookies: {
			get: (n: string) => cookies.get(n),
			delete: (n: string) => void cookies.delete(n),
			// The guard clears a dead session cookie on the answer it returns.
			serialize: (n: string, v: string) => `${n}=${v}; Path=/; Max-Age=0`
		},
		isDataRequest: false
	} as unknown as RequestEvent;
}

/** The request pipeline of hooks.server.ts from the outage handle down, with a route that answers 200. */
function pipeline(db: DbHandle['db']): (event: RequestEvent) => Promise<Response> {
	const identity: Handle = identityHandle(async () => db);
	const access = accessHandle();
	return async (event) =>
		handleDatabaseOutage({
			event,
			resolve: (e) =>
				identity({
					event: e,
					resolve: (e2) => access({ event: e2, resolve: async () => new Response('ok') })
				})
		});
}

describe('mapping a lost connection to 503', () => {
	it('recognises pg and socket errors of a lost connection, not other database errors', () => {
		const fatal = Object.assign(new Error('terminating connection due to administrator command'), {
			code: '57P01'
		});
		expect(isConnectionLost(fatal)).toBe(true);
		expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(
			isConnectionLost(new Error('Client has encountered a connection error and is not queryable'))
		).toBe(true);
		expect(isConnectionLost(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
			true
		);
		expect(isConnectionLost(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
		expect(isConnectionLost(new Error('wrapped', { cause: fatal }))).toBe(true);
		expect(isConnectionLost(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
		// A failed CRL download wraps its socket error: not a database outage.
		const fetchFailed = new TypeError('fetch failed', {
			cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
		});
		expect(isConnectionLost(fetchFailed)).toBe(false);
		expect(isConnectionLost(new Error('boom'))).toBe(false);
	});

	it('turns the 500 that SvelteKit renders for a load that lost its connection into a 503 page', async () => {
		const lost = new Error('Connection terminated unexpectedly');
		const event = fakeEvent('/chung-thu', { accept: 'text/html' });
		const res = await handleDatabaseOutage({
			event,
			resolve: async (e) => {
				// What SvelteKit does with a load's unexpected error: handleError, then a 500 page.
				const body = databaseErrorBody(lost, e);
				return new Response(`<h1>500</h1><p>${body?.message}</p>`, {
					status: 500,
					headers: { 'content-type': 'text/html' }
				});
			}
		});
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBeTruthy();
		const html = await res.text();
		expect(html).toMatch(UNAVAILABLE);
		expect(html).not.toContain('500');
		// Other errors keep SvelteKit's 500 and its generic message.
		const other = await handleDatabaseOutage({
			event: fakeEvent('/chung-thu', { accept: 'text/html' }),
			resolve: async (e) => {
				expect(databaseErrorBody(new Error('boom'), e)).toBeNull();
				return new Response('Internal Error', { status: 500 });
			}
		});
		expect(other.status).toBe(500);
	});
});

describe.skipIf(!onPostgres)(
	`connection loss on PostgreSQL (${onPostgres ? 'runs' : NEEDS_POSTGRES})`,
	() => {
		let h: DbHandle;
		beforeAll(async () => {
			h = await openTestDb();
		});
		afterAll(async () => h?.close());

		it('a query whose backend is terminated fails; the process survives and the next query works', async () => {
			const slow = sql`select pg_sleep(30) as cut_me_1`.execute(h.db).then(
				() => null,
				(e: unknown) => e
			);
			await waitForStatement(h, 'cut_me_1');
			expect(await terminateBackends(h)).toBeGreaterThan(0);
			const err = await slow;
			expect(isConnectionLost(err)).toBe(true);
			// Let the socket's close and the client's 'error' event happen before going on.
			await new Promise((r) => setTimeout(r, 200));
			const { rows } = await sql<{ one: number }>`select 1 as one`.execute(h.db);
			expect(rows[0]!.one).toBe(1);
		});

		it('a connection cut while a transaction holds it between statements fails that transaction only', async () => {
			// The lent-out client has no statement running when its socket closes: pg emits 'error' on
			// the client itself, which the pool does not listen to while the client is lent out.
			const outcome = await h.db
				.transaction()
				.execute(async (trx) => {
					await sql`select 1`.execute(trx);
					expect(await terminateBackends(h)).toBeGreaterThan(0);
					await new Promise((r) => setTimeout(r, 200));
					await sql`select 2`.execute(trx);
					return 'committed';
				})
				.catch((e: unknown) => e);
			expect(isConnectionLost(outcome)).toBe(true);
			const { rows } = await sql<{ one: number }>`select 1 as one`.execute(h.db);
			expect(rows[0]!.one).toBe(1);
		});

		it('a request whose session lookup is cut mid-query answers 503 (page and JSON); the next one is served', async () => {
			const handle = pipeline(h.db);
			for (const [path, accept] of [
				['/', 'text/html'],
				['/api/certificates', 'application/json']
			] as const) {
				// Hold the sessions table so that the lookup is certainly in flight when the cut comes.
				const locker = new pg.Client({ connectionString: withDatabase(postgresBaseUrl(), h.location) });
				locker.on('error', () => undefined); // it is cut too
				await locker.connect();
				await locker.query('begin; lock table sessions in access exclusive mode');
				const event = fakeEvent(path, { accept, cookie: `${SESSION_COOKIE}=some-token` });
				const answer = handle(event);
				await waitForStatement(h, 'from "sessions"');
				// The lookup first, while the lock still holds it (see terminateBackendsRunning).
				expect(await terminateBackendsRunning(h, 'from "sessions"')).toBeGreaterThan(0);
				expect(await terminateBackends(h)).toBeGreaterThan(0);
				const res = await answer;
				await locker.end().catch(() => undefined);
				expect(res.status).toBe(503);
				if (accept === 'application/json')
					expect(await res.json()).toEqual({
						message: expect.stringMatching(UNAVAILABLE),
						code: 'DATABASE_UNAVAILABLE'
					});
				else expect(await res.text()).toMatch(UNAVAILABLE);
			}
			// The pool replaced its dead connections: a request that looks its session up is served.
			const again = await handle(
				fakeEvent('/dang-nhap', { accept: 'text/html', cookie: `${SESSION_COOKIE}=some-token` })
			);
			expect(again.status).toBe(200);
			expect(await again.text()).toBe('ok');
		});
	}
);
