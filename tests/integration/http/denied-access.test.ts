// Refused attempts leave a trace: an agency officer who opens another agency's record by id, is
// refused by a service (403), or is refused by a route's rule gets an `access.denied_*` audit
// entry, at most one per user and route a minute so a scripted probe cannot flood the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { requestHandles } from '../../../src/lib/server/http/pipeline';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session-token';
import { verifyAuditChain } from '../../../src/lib/server/audit/verify';
import { ID_ROUTE, SCOPED_RECORDS } from '../../../src/lib/server/auth/scope-denial-handle';
import { listRoutes } from '../auth/route-tree';

/** `/<segment>/[id]` routes whose records belong to no agency: jobs (officers cannot reach them anyway) and stored
 * upload verifications (their maker's; the service answers 404 to anyone else below the province roles). */
const NOT_AGENCY_OWNED = ['tac-vu', 'kiem-tra-chu-ky'];

let h: DbHandle;
const tokens: Record<string, string> = {};
let foreignCert: number;
let ownCert: number;
let clock = Date.parse('2026-06-01T02:00:00Z');
let handles: Handle[];

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	for (const username of ['thanhtra', 'coquan']) {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		tokens[username] = (await createSession(h.db, u.id, {})).token;
	}
	const syt = await h.db
		.selectFrom('agencies')
		.select('path')
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	const cert = (inSyt: boolean) =>
		h.db
			.selectFrom('certificates as c')
			.innerJoin('agencies as a', 'a.id', 'c.agency_id')
			.select('c.id')
			.where('a.path', inSyt ? 'like' : 'not like', `${syt.path}%`)
			.orderBy('c.id')
			.limit(1)
			.executeTakeFirstOrThrow();
	foreignCert = (await cert(false)).id;
	ownCert = (await cert(true)).id;
	handles = requestHandles(async () => h.db, { now: () => clock });
});
afterAll(async () => h?.close());

function fakeEvent(
	who: string,
	routeId: string,
	path: string,
	method: string,
	params: Record<string, string>,
	extra: Record<string, string> = {}
) {
	const url = new URL('http://localhost' + path);
	const headers: Record<string, string> = {
		cookie: `${SESSION_COOKIE}=${tokens[who]}`,
		accept: 'text/html',
		...extra
	};
	if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
	return {
		request: new Request(url, { method, headers, body: method === 'POST' ? '' : undefined }),
		url,
		route: { id: routeId },
		params,
		locals: { user: null, lang: 'vi' },
		cookies: {
			get: (n: string) => (n === SESSION_COOKIE ? tokens[who] : undefined),
			delete: () => {},
			serialize: (n: string) => `${n}=; Max-Age=0`
		},
		getClientAddress: () => '10.7.7.7',
		setHeaders: () => {},
		isDataRequest: path.endsWith('__data.json'),
		isSubRequest: false
	} as unknown as RequestEvent;
}

/** Runs the pipeline as `sequence()` does; the route answers `status`. */
async function request(
	who: string,
	routeId: string,
	path: string,
	opts: {
		method?: string;
		params?: Record<string, string>;
		status?: number;
		headers?: Record<string, string>;
		answer?: () => Response;
	} = {}
): Promise<Response> {
	const at = (i: number, event: RequestEvent): Promise<Response> =>
		Promise.resolve(
			i === handles.length
				? (opts.answer?.() ?? new Response('route', { status: opts.status ?? 200 }))
				: handles[i]!({ event, resolve: (e) => at(i + 1, e) })
		);
	return at(0, fakeEvent(who, routeId, path, opts.method ?? 'GET', opts.params ?? {}, opts.headers));
}

async function denials(actor: string) {
	return h.db
		.selectFrom('audit_log')
		.select(['action', 'entity_type', 'entity_id', 'details', 'ip'])
		.where('actor', '=', actor)
		.where('action', 'like', 'access.denied%')
		.orderBy('id')
		.execute();
}

describe('refused access is audited', () => {
	it('an officer opening another agency’s certificate by id', async () => {
		const res = await request('coquan', '/chung-thu/[id]', `/chung-thu/${foreignCert}`, {
			params: { id: String(foreignCert) },
			status: 404
		});
		expect(res.status).toBe(404);
		const rows = await denials('coquan');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'access.denied_scope',
			entity_type: 'certificate',
			entity_id: String(foreignCert),
			ip: '10.7.7.7'
		});
		expect(rows[0]!.details).toMatchObject({ route: '/chung-thu/[id]', method: 'GET' });
	});

	it('once per user and route a minute, then again with the count of those left out', async () => {
		for (let i = 0; i < 3; i++)
			await request('coquan', '/chung-thu/[id]/tai-ve', `/chung-thu/${foreignCert}/tai-ve`, {
				params: { id: String(foreignCert) },
				status: 404
			});
		// The data request of the same page is the same route.
		await request('coquan', '/chung-thu/[id]', `/chung-thu/${foreignCert}/__data.json`, {
			params: { id: String(foreignCert) }
		});
		expect(await denials('coquan')).toHaveLength(2); // one more, for /tai-ve
		clock += 61_000;
		await request('coquan', '/chung-thu/[id]', `/chung-thu/${foreignCert}/__data.json`, {
			params: { id: String(foreignCert) }
		});
		const rows = await denials('coquan');
		expect(rows).toHaveLength(3);
		expect(rows[2]!.details).toMatchObject({ repeatsSinceLast: 1 });
	});

	it('not for the officer’s own records, nor for province-wide users', async () => {
		clock += 61_000;
		await request('coquan', '/chung-thu/[id]', `/chung-thu/${ownCert}`, { params: { id: String(ownCert) } });
		await request('coquan', '/chung-thu/[id]', '/chung-thu/99999999', {
			params: { id: '99999999' },
			status: 404
		});
		await request('thanhtra', '/chung-thu/[id]', `/chung-thu/${foreignCert}`, {
			params: { id: String(foreignCert) }
		});
		expect(await denials('coquan')).toHaveLength(3);
		expect(await denials('thanhtra')).toHaveLength(0);
	});

	it('a service’s 403 to an officer', async () => {
		clock += 61_000;
		await request('coquan', '/yeu-cau/moi', '/yeu-cau/moi', { method: 'POST', status: 403 });
		const rows = await denials('coquan');
		expect(rows.at(-1)).toMatchObject({ action: 'access.denied_scope' });
		expect(rows.at(-1)!.details).toMatchObject({ route: '/yeu-cau/moi', method: 'POST', status: 403 });
	});

	it('a service’s 403 inside an enhanced form action’s answer', async () => {
		clock += 61_000;
		const before = (await denials('coquan')).length;
		const res = await request('coquan', '/yeu-cau/moi', '/yeu-cau/moi', {
			method: 'POST',
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
			answer: () => Response.json({ type: 'failure', status: 403, data: '[]' })
		});
		expect(await res.json()).toMatchObject({ type: 'failure', status: 403 });
		const rows = await denials('coquan');
		expect(rows).toHaveLength(before + 1);
		expect(rows.at(-1)!.details).toMatchObject({ route: '/yeu-cau/moi', status: 403 });
	});

	it('the route rule’s 403', async () => {
		const res = await request('coquan', '/quan-tri', '/quan-tri');
		expect(res.status).toBe(403);
		const rows = await denials('coquan');
		expect(rows.at(-1)).toMatchObject({ action: 'access.denied_route' });
		expect(rows.at(-1)!.details).toMatchObject({ route: '/quan-tri', method: 'GET' });
	});

	// A record of an agency outside Sở Y tế, read the way its page decides scope: a person by their
	// agency, a device by the agency its custody events give it (view token_holdings).
	const foreign = {
		person: (syt: string) =>
			h.db
				.selectFrom('people as p')
				.innerJoin('agencies as a', 'a.id', 'p.agency_id')
				.select('p.id')
				.where('a.path', 'not like', `${syt}%`)
				.orderBy('p.id')
				.limit(1)
				.executeTakeFirstOrThrow(),
		token: (syt: string) =>
			h.db
				.selectFrom('token_holdings as t')
				.innerJoin('agencies as a', 'a.id', 't.holder_agency_id')
				.select('t.token_id as id')
				.where('a.path', 'not like', `${syt}%`)
				.orderBy('t.token_id')
				.limit(1)
				.executeTakeFirstOrThrow()
	};

	it.each([
		['person', 'nhan-su'],
		['token', 'thiet-bi']
	] as const)('an officer opening another agency’s %s by id (/%s/[id])', async (entity, segment) => {
		clock += 61_000;
		const syt = await h.db
			.selectFrom('agencies')
			.select('path')
			.where('code', '=', 'SYT')
			.executeTakeFirstOrThrow();
		const record = await foreign[entity](syt.path);
		await request('coquan', `/${segment}/[id]`, `/${segment}/${record.id}`, {
			params: { id: String(record.id) },
			status: 404
		});
		expect((await denials('coquan')).at(-1)).toMatchObject({
			action: 'access.denied_scope',
			entity_type: entity,
			entity_id: String(record.id)
		});
	});

	it('knows the records of every `/<segment>/[id]` route in the tree', () => {
		const segments = listRoutes()
			.map((r) => ID_ROUTE.exec(r.id)?.[1])
			.filter((s): s is string => !!s);
		expect(segments.length).toBeGreaterThan(5);
		for (const s of new Set(segments))
			expect(
				SCOPED_RECORDS[s] !== undefined || NOT_AGENCY_OWNED.includes(s),
				`/${s}/[id]: add its table to SCOPED_RECORDS (src/lib/server/auth/scope-denial-handle.ts)`
			).toBe(true);
	});

	it('keeps the audit chain intact', async () => {
		expect(await verifyAuditChain(h.db)).toMatchObject({ status: 'intact' });
	});
});
