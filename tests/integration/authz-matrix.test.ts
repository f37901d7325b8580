// The authorisation matrix, built from the route tree: every route id under src/routes must have
// a rule, every form action and endpoint method must be named in it, and every route × principal ×
// action is run through the real identity and access handles (real sessions in a demo database)
// and compared with the expectations below. A page added without a rule, or with a rule that
// differs from what is expected here, fails this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { openTestDb } from '../helpers/db';
import type { DbHandle } from '../../src/lib/server/db/connection';
import { accessHandle, identityHandle } from '../../src/lib/server/auth/guard';
import { ROUTE_RULES } from '../../src/lib/server/auth/route-rules';
import { createSession } from '../../src/lib/server/auth/sessions';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session-token';
import { createApiKey } from '../../src/lib/server/auth/api-keys';
import { listRoutes, samplePath, type RouteInfo } from './auth/route-tree';

type Who = 'anon' | 'admin' | 'inspector' | 'leader' | 'report_staff' | 'agency_officer' | 'apikey';
const DEMO: Record<Exclude<Who, 'anon' | 'apikey'>, string> = {
	admin: 'admin',
	inspector: 'thanhtra',
	leader: 'lanhdao',
	report_staff: 'baocao',
	agency_officer: 'coquan'
};
const SIGNED_IN: Who[] = ['admin', 'inspector', 'leader', 'report_staff', 'agency_officer'];
const EVERYONE: Who[] = ['anon', ...SIGNED_IN];
const ADMIN: Who[] = ['admin'];
const INSPECTORS: Who[] = ['admin', 'inspector'];

/**
 * Who may do what, per route id: 'view' is the page GET, other keys are form action names or
 * endpoint methods. Principals not listed must be refused. Keep in step with the issue texts,
 * not with route-rules.ts: this is the independent statement of intent.
 */
const EXPECTED: Record<string, Record<string, Who[]>> = {
	'/': { view: SIGNED_IN },
	'/tong-quan/xuat': { GET: SIGNED_IN },
	'/dang-nhap': { view: EVERYONE, default: EVERYONE },
	'/healthz': { GET: EVERYONE },
	'/ky-so/nhap': {
		view: ['admin', 'inspector', 'report_staff'],
		default: ['admin', 'inspector', 'report_staff']
	},
	'/ky-so/nhap/[tep]': {
		view: ['admin', 'inspector', 'report_staff'],
		start: ['admin', 'inspector', 'report_staff'],
		discard: ['admin', 'inspector', 'report_staff']
	},
	'/ky-so/nhap/[tep]/tien-do': { GET: ['admin', 'inspector', 'report_staff'] },
	'/ky-so/nhap/lan/[id]': { view: ['admin', 'inspector', 'report_staff'] },
	'/ky-so/nhap/lan/[id]/dong-bi-tu-choi': { GET: ['admin', 'inspector', 'report_staff'] },
	'/readyz': { GET: EVERYONE },
	'/dang-xuat': { view: EVERYONE, here: EVERYONE, all: EVERYONE },
	'/ngon-ngu': { view: EVERYONE, default: EVERYONE },
	'/nhat-ky': { view: ['admin', 'inspector'] },
	'/quan-tri': { view: ADMIN },
	'/quan-tri/nguoi-dung': { view: ADMIN, create: ADMIN },
	'/quan-tri/nguoi-dung/[id]': {
		view: ADMIN,
		update: ADMIN,
		setActive: ADMIN,
		resetPassword: ADMIN,
		signOutAll: ADMIN
	},
	'/quan-tri/khoa-api': { view: ADMIN, create: ADMIN, revoke: ADMIN },
	'/quan-tri/kiem-tra': { view: ADMIN, default: ADMIN },
	'/quan-tri/thu-dien-tu': { view: ADMIN, default: ADMIN },
	'/thong-bao/cai-dat': { view: SIGNED_IN, default: SIGNED_IN },
	'/quan-tri/thong-bao': { view: ADMIN, default: ADMIN },
	'/quan-tri/quy-tac': { view: ADMIN, default: ADMIN },
	'/quan-tri/ngay-nghi': { view: ADMIN, set: ADMIN, remove: ADMIN },
	'/api/v1/ping': { GET: ['admin', 'apikey'] },
	'/api/v1/openapi.json': { GET: [...EVERYONE, 'apikey'] },
	// The document systems' batches of signing events: their API keys, and administrators.
	'/api/v1/signing-events': { POST: ['admin', 'apikey'] },
	'/api/docs': { view: EVERYONE },
	// The forms' pickers (people, certificates, devices): signed-in users within their scope, no API key.
	'/api/chon/nguoi': { GET: SIGNED_IN },
	'/api/chon/chung-thu': { GET: SIGNED_IN },
	'/api/chon/thiet-bi': { GET: SIGNED_IN },
	'/api/chon/co-quan': { GET: SIGNED_IN },
	'/api/co-quan/[id]/don-vi': { GET: SIGNED_IN },
	// Signed documents into the archive: document systems with a key, inspectors by hand.
	'/api/v1/documents': { POST: [...INSPECTORS, 'apikey'] },
	// Inventory, activity, archive, requests and inspections: every role reads (an agency officer
	// only their subtree, which the services enforce: tests/integration/auth/agency-isolation.test.ts).
	'/chung-thu': { view: SIGNED_IN },
	// Clerks and written delegations: inspectors, and the agency's officers for their own subtree.
	'/chung-thu/[id]': {
		view: SIGNED_IN,
		link: INSPECTORS,
		appointClerk: [...INSPECTORS, 'agency_officer'],
		endClerk: [...INSPECTORS, 'agency_officer'],
		grantDelegation: [...INSPECTORS, 'agency_officer'],
		endDelegation: [...INSPECTORS, 'agency_officer']
	},
	'/chung-thu/[id]/tai-ve': { GET: SIGNED_IN },
	'/thiet-bi': { view: SIGNED_IN },
	// Custody of devices: administrators and inspectors everywhere, officers in their own subtree.
	'/thiet-bi/[id]': { view: SIGNED_IN, record: [...INSPECTORS, 'agency_officer'] },
	'/thiet-bi/moi': { view: [...INSPECTORS, 'agency_officer'], default: [...INSPECTORS, 'agency_officer'] },
	'/co-quan': { view: SIGNED_IN },
	'/co-quan/[id]': {
		view: SIGNED_IN,
		rename: INSPECTORS,
		move: INSPECTORS,
		merge: INSPECTORS,
		dissolve: INSPECTORS
	},
	// Agencies are edited by Sở KH&CN's administrators and inspectors only; agency officers read.
	'/co-quan/moi': { view: INSPECTORS, default: INSPECTORS },
	'/ky-so': { view: SIGNED_IN },
	// People: everyone reads within scope; inspectors edit all, agency officers their own subtree.
	'/nhan-su': { view: SIGNED_IN },
	'/nhan-su/moi': { view: [...INSPECTORS, 'agency_officer'], default: [...INSPECTORS, 'agency_officer'] },
	'/nhan-su/[id]': {
		view: SIGNED_IN,
		update: [...INSPECTORS, 'agency_officer'],
		move: [...INSPECTORS, 'agency_officer'],
		title: [...INSPECTORS, 'agency_officer'],
		status: [...INSPECTORS, 'agency_officer']
	},
	'/luu-tru': { view: SIGNED_IN },
	'/luu-tru/[id]': { view: SIGNED_IN, reverify: INSPECTORS, compare: INSPECTORS },
	'/luu-tru/[id]/download': { GET: SIGNED_IN },
	'/luu-tru/[id]/bao-cao': { GET: SIGNED_IN },
	'/luu-tru/nhap': { view: INSPECTORS, default: INSPECTORS },
	'/kiem-tra-chu-ky': { view: SIGNED_IN, default: SIGNED_IN },
	// A stored upload verification: its maker and the province roles (the service narrows who sees which).
	'/kiem-tra-chu-ky/[id]': { view: SIGNED_IN, replay: SIGNED_IN, compare: SIGNED_IN },
	'/kiem-tra-chu-ky/[id]/bao-cao': { GET: SIGNED_IN },
	// Reports: leaders read and download; generating is for the others (officers: their own agency).
	'/bao-cao': {
		view: SIGNED_IN,
		preview: SIGNED_IN,
		generate: ['admin', 'inspector', 'report_staff', 'agency_officer']
	},
	'/bao-cao/[id]/tai-ve': { GET: SIGNED_IN },
	'/bao-cao/xuat': { GET: SIGNED_IN },
	// Certificate import and the trust store: inspectors and admins; trusting a root is admin only.
	'/chung-thu/nhap': { view: INSPECTORS, preview: INSPECTORS },
	'/chung-thu/nhap/[id]': { view: INSPECTORS, commit: INSPECTORS, discard: INSPECTORS },
	'/chung-thu/nhap/ca': { view: INSPECTORS, trust: ADMIN },
	// Organisation chart and subscriber list import, and its blank templates: inspectors and admins.
	'/to-chuc/nhap': { view: INSPECTORS, organisation: INSPECTORS, subscribers: INSPECTORS },
	'/to-chuc/nhap/[id]': { view: INSPECTORS, apply: INSPECTORS, discard: INSPECTORS },
	'/to-chuc/nhap/mau/[tep]': { GET: INSPECTORS },
	// Lifecycle requests: agencies file and cancel their own; Sở KH&CN staff decide.
	'/yeu-cau': { view: SIGNED_IN },
	'/yeu-cau/moi': { view: [...INSPECTORS, 'agency_officer'], default: [...INSPECTORS, 'agency_officer'] },
	'/yeu-cau/[id]': {
		view: SIGNED_IN,
		accept: INSPECTORS,
		approve: INSPECTORS,
		reject: INSPECTORS,
		complete: INSPECTORS,
		cancel: [...INSPECTORS, 'agency_officer']
	},
	// Inspections and trainings: inspectors write, everyone reads within scope.
	'/thanh-tra': { view: SIGNED_IN },
	'/thanh-tra/moi': { view: INSPECTORS, default: INSPECTORS },
	'/thanh-tra/[id]': { view: SIGNED_IN, update: INSPECTORS, findings: INSPECTORS },
	'/thanh-tra/dao-tao': { view: SIGNED_IN, create: INSPECTORS },
	// Findings: everyone reads within scope; the agency acknowledges its own, inspectors handle them.
	'/canh-bao': { view: SIGNED_IN },
	// Everyone's own notification centre (the service reaches only the user's own rows).
	'/thong-bao': { view: SIGNED_IN, read: SIGNED_IN, readAll: SIGNED_IN },
	'/canh-bao/[id]': {
		view: SIGNED_IN,
		acknowledge: [...INSPECTORS, 'agency_officer'],
		assign: INSPECTORS,
		resolve: INSPECTORS,
		reopen: INSPECTORS
	},
	'/canh-bao/[id]/trang.png': { GET: SIGNED_IN },
	// Scheduled jobs: leaders watch, inspectors run one now, only admins change schedules.
	'/tac-vu': { view: [...INSPECTORS, 'leader'], run: INSPECTORS, schedule: ADMIN },
	'/tac-vu/[id]': { view: [...INSPECTORS, 'leader'] }
};

/** POST actions that change nothing (previews, verifying an uploaded file): open to read-only leaders. */
const READ_ONLY_ACTIONS: Record<string, string[]> = {
	'/bao-cao': ['preview'],
	'/kiem-tra-chu-ky': ['default'],
	// Making a stored verification again, or beside today's material, stores nothing.
	'/kiem-tra-chu-ky/[id]': ['replay', 'compare'],
	// A leader may choose the language they read in: a preference of their own, not the data.
	'/ngon-ngu': ['default'],
	// Likewise which kinds of notification reach them by e-mail: their own account's preference.
	'/thong-bao/cai-dat': ['default'],
	// Marking their own notifications read: the leader's own reading state, not the data.
	'/thong-bao': ['read', 'readAll']
};

const routes = listRoutes();
let h: DbHandle;
const cookies: Partial<Record<Who, string>> = {};
let apiKey = '';

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	for (const [who, username] of Object.entries(DEMO)) {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		cookies[who as Who] = (await createSession(h.db, u.id, {})).token;
	}
	apiKey = (
		await createApiKey(
			h.db,
			{ name: 'matrix test', sourceSystem: 'QLVB' },
			{ userId: null, actor: 'test', ip: null }
		)
	).key;
});
afterAll(async () => {
	await h?.close();
});

function fakeEvent(routeId: string, method: string, url: URL, headers: Record<string, string>): RequestEvent {
	const jar = new Map<string, string>();
	const cookieHeader = headers.cookie;
	if (cookieHeader)
		for (const part of cookieHeader.split(';'))
			jar.set(part.split('=')[0]!.trim(), part.slice(part.indexOf('=') + 1));
	return {
		request: new Request(url, { method, headers }),
		url,
		route: { id: routeId },
		params: {},
		locals: { user: null, lang: 'vi' },
		cookies: {
			get: (n: string) => jar.get(n),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (n: string, v: string) => void jar.set(n, v),
			delete: (n: string) => void jar.delete(n),
			serialize: () => ''
		},
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		fetch,
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false
	} as unknown as RequestEvent;
}

/** Runs identity then access, as hooks.server.ts does; true when the request reached the route. */
async function reaches(routeId: string, who: Who, key: string): Promise<boolean> {
	const base = new URL('http://localhost' + samplePath(routeId));
	const headers: Record<string, string> = {};
	if (who === 'apikey') headers.authorization = `Bearer ${apiKey}`;
	else if (who !== 'anon') headers.cookie = `${SESSION_COOKIE}=${cookies[who]}`;
	let method = 'GET';
	if (key === 'view') headers.accept = 'text/html';
	else if (/^[A-Z]+$/.test(key)) {
		method = key;
		headers.accept = 'application/json';
	} else {
		method = 'POST';
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.accept = 'text/html';
		if (key !== 'default') base.search = `?/${key}`;
	}
	const event = fakeEvent(routeId, method, base, headers);
	const access = accessHandle();
	const identity: Handle = identityHandle(async () => h.db);
	const res = await identity({
		event,
		resolve: (e) => access({ event: e, resolve: async () => new Response('reached', { status: 299 }) })
	});
	if (res.status === 299) return true;
	// The guard answers its refusals itself (so the security headers handle sees them).
	if (res.status === 303 && res.headers.get('location')?.startsWith('/dang-nhap')) return false;
	if (res.status === 401 || res.status === 403) return false;
	throw new Error(`${method} ${base.pathname}${base.search}: unexpected ${res.status}`);
}

function keysOf(r: RouteInfo): string[] {
	return [
		...(r.page ? ['view'] : []),
		...r.actions,
		...r.methods.filter((m) => m !== 'HEAD' && m !== 'fallback')
	];
}

describe('authorisation matrix (from the route tree)', () => {
	it('finds the routes', () => {
		expect(routes.map((r) => r.id)).toEqual(
			expect.arrayContaining(['/', '/dang-nhap', '/nhat-ky', '/api/v1/ping'])
		);
	});

	describe.each(routes.map((r) => [r.id, r] as const))('%s', (id, route) => {
		it('has a rule in ROUTE_RULES', () => {
			expect(ROUTE_RULES[id], `route ${id} has no rule in src/lib/server/auth/route-rules.ts`).toBeDefined();
		});

		it('names every form action and endpoint method in its rule', () => {
			const rule = ROUTE_RULES[id];
			for (const a of [...route.actions, ...route.methods.filter((m) => m !== 'HEAD')])
				expect(rule?.actions?.[a], `${id}: "${a}" has no entry in its rule`).toBeDefined();
		});

		it('does not mix a default action with named ones (SvelteKit answers 500 to both)', () => {
			if (route.actions.includes('default'))
				expect(route.actions, `${id}: default beside named actions`).toEqual(['default']);
		});

		it('has expectations in this test for every action', () => {
			const exp = EXPECTED[id];
			expect(
				exp,
				`route ${id} has no row in EXPECTED (tests/integration/authz-matrix.test.ts)`
			).toBeDefined();
			for (const k of keysOf(route)) expect(exp?.[k], `${id}: no expectation for "${k}"`).toBeDefined();
		});

		it('allows and refuses exactly as expected, for every principal and action', async () => {
			const exp = EXPECTED[id] ?? {};
			const wrong: string[] = [];
			for (const key of keysOf(route))
				for (const who of [...EVERYONE, 'apikey'] as Who[]) {
					// Off /api, a bearer key identifies nobody: the caller is anonymous.
					const expectedWho: Who = who === 'apikey' && !id.startsWith('/api/') ? 'anon' : who;
					const expected = (exp[key] ?? []).includes(expectedWho);
					const actual = await reaches(id, who, key);
					if (actual !== expected)
						wrong.push(
							`${who} ${key}: ${actual ? 'allowed' : 'denied'}, expected ${expected ? 'allowed' : 'denied'}`
						);
				}
			expect(wrong, `${id}`).toEqual([]);
		});
	});

	it('never lets a leader (read-only) change anything', async () => {
		const wrong: string[] = [];
		for (const r of routes) {
			if (r.id === '/dang-nhap' || r.id === '/dang-xuat') continue;
			const mutating = [
				...r.actions.filter((a) => !READ_ONLY_ACTIONS[r.id]?.includes(a)),
				...r.methods.filter((m) => !['GET', 'HEAD', 'OPTIONS', 'fallback'].includes(m))
			];
			for (const a of mutating) if (await reaches(r.id, 'leader', a)) wrong.push(`${r.id} ${a}`);
		}
		expect(wrong).toEqual([]);
	});

	it('refuses a route with no rule and an action with no entry (fail closed)', async () => {
		expect(await reaches('/khong-co-quy-tac', 'admin', 'view')).toBe(false);
		expect(await reaches('/quan-tri/nguoi-dung', 'admin', 'khongCo')).toBe(false);
		expect(await reaches('/quan-tri/nguoi-dung', 'admin', 'PUT')).toBe(false);
	});

	it('refuses a revoked or forged API key outright', async () => {
		const forged = 'kk_00000000_' + 'A'.repeat(43);
		const event = fakeEvent('/api/v1/ping', 'GET', new URL('http://localhost/api/v1/ping'), {
			authorization: `Bearer ${forged}`
		});
		const res = await identityHandle(async () => h.db)({
			event,
			resolve: async () => new Response('reached')
		});
		expect(res.status).toBe(401);
	});
});
