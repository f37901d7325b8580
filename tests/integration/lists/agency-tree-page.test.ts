// The agencies page (/co-quan) in bounded pieces: past TREE_ROWS_MAX agencies the tree sends its
// upper levels with the deeper units collapsed, `?mo=<id>` opens a branch (the page without
// JavaScript), /api/co-quan/[id]/don-vi answers a unit's children within the viewer's scope only,
// and a search matching hundreds is paged. Every row carries the same subtree counts as the complete
// list the export writes (agency-list.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';

const { setDbHandle } = await import('../../../src/lib/server/db');

const { openTestDb } = await import('../../helpers/db');
const { buildOrg } = await import('../organisation/fixtures');
const { parseQuery } = await import('../../../src/lib/server/inventory/filters');
const { agencyFilterSchema, listAgencies } = await import('../../../src/lib/server/inventory/agency-list');
const { agencyPage, agencyPageSchema, agencyChildren, TREE_ROWS_MAX } =
	await import('../../../src/lib/server/inventory/agency-page');
const { FULL_LIST_MAX, agencyChoiceSet, agencyFilterChoices, trimAgencyOptions } =
	await import('../../../src/lib/server/inventory/agency-choices');
const { GET: children } = await import('../../../src/routes/api/co-quan/[id]/don-vi/+server');
const { load } = await import('../../../src/routes/co-quan/+page.server');

let h: DbHandle;
let o: Awaited<ReturnType<typeof buildOrg>>;
const all: AgencyScope = { kind: 'all' };
/** Schools under A1: enough that the whole tree passes TREE_ROWS_MAX, and the filters' FULL_LIST_MAX. */
const SCHOOLS = Math.max(TREE_ROWS_MAX, FULL_LIST_MAX) + 20;

beforeAll(async () => {
	h = await openTestDb();
	// The routes reach the database through getDb(): hand them this file's test database.
	setDbHandle(h);
	o = await buildOrg(h.db);
	const { A1 } = o.agencies;
	const schools = await h.db
		.insertInto('agencies')
		.values(
			Array.from({ length: SCHOOLS }, (_, i) => ({
				code: `TRUONG${String(i).padStart(3, '0')}`,
				name: `Trường số ${i}`,
				kind: 'unit' as const,
				parent_id: A1.id,
				path: ''
			}))
		)
		.returning('id')
		.execute();
	await h.db
		.updateTable('agencies')
		.set(({ ref }) => ({ path: sql`${A1.path} || ${ref('id')}::text || '/'` }))
		.where('parent_id', '=', A1.id)
		.execute();
	// People in a few schools and in B, a finding in a school: counts that roll up the tree.
	await h.db
		.insertInto('people')
		.values([
			...schools
				.slice(0, 5)
				.map((s, i) => ({ full_name: `Giáo viên ${i}`, title: 'Giáo viên', agency_id: s.id })),
			{ full_name: 'Người B', title: 'Chuyên viên', agency_id: o.agencies.B.id }
		])
		.execute();
	// Devices: two handed to a school, one to B, one never issued (no holder).
	const tokens = await h.db
		.insertInto('tokens')
		.values(['T1', 'T2', 'T3', 'T4'].map((serial) => ({ serial })))
		.returning('id')
		.execute();
	await h.db
		.insertInto('token_custody_events')
		.values(
			[schools[2]!.id, schools[2]!.id, o.agencies.B.id].map((agency_id, i) => ({
				token_id: tokens[i]!.id,
				event: 'issued' as const,
				occurred_at: '2026-01-05T08:00:00Z',
				agency_id
			}))
		)
		.execute();
	await h.db
		.insertInto('findings')
		.values({
			dedupe_key: 'test:school',
			kind: 'expiring_soon',
			severity: 'high',
			legal_basis: 'Điều 12',
			summary: 'Chứng thư sắp hết hạn',
			agency_id: schools[3]!.id
		})
		.execute();
}, 120_000);

afterAll(async () => {
	setDbHandle(undefined);
	await h?.close();
});

const page = (query: Record<string, string>, scope: AgencyScope = all) =>
	agencyPage(h.db, scope, parseQuery(agencyPageSchema, new URLSearchParams(query)).value);

/** Every agency's counts in the complete list (the export's). */
async function completeCounts(scope: AgencyScope = all) {
	const { rows } = await listAgencies(
		h.db,
		scope,
		parseQuery(agencyFilterSchema, new URLSearchParams()).value
	);
	return new Map(rows.map((r) => [r.id, [r.certificates_in_use, r.people, r.tokens, r.open_findings]]));
}

const countsOf = (r: {
	certificates_in_use: number;
	people: number;
	tokens: number;
	open_findings: number;
}) => [r.certificates_in_use, r.people, r.tokens, r.open_findings];

describe('the tree past TREE_ROWS_MAX agencies', () => {
	it('sends the upper levels that fit, the deeper units collapsed, with the complete counts', async () => {
		const { A, A1, B, P, X } = o.agencies;
		const p = await page({});
		if (p.mode !== 'tree') throw new Error('expected the tree');
		expect(p.rows.map((r) => [r.id, r.depth])).toEqual([
			[P.id, 0],
			[A.id, 1],
			[A1.id, 2],
			[B.id, 1],
			[X.id, 1]
		]);
		expect(p.openDepth).toBe(2);
		const a1 = p.rows.find((r) => r.id === A1.id)!;
		expect([a1.children, a1.open]).toEqual([SCHOOLS, false]);
		expect(p.rows.find((r) => r.id === A.id)!.open).toBe(true);
		const complete = await completeCounts();
		for (const r of p.rows) expect(countsOf(r), r.name).toEqual(complete.get(r.id));
		expect(p.rows.find((r) => r.id === P.id)!.people).toBe(6);
		expect(p.rows.find((r) => r.id === A1.id)!.open_findings).toBe(1);
		expect(p.rows.find((r) => r.id === P.id)!.tokens).toBe(3);
		expect(p.rows.find((r) => r.id === A1.id)!.tokens).toBe(2);
	});

	it('opens a branch with ?mo=<id>, its ancestors open too', async () => {
		const { A1 } = o.agencies;
		const p = await page({ mo: String(A1.id) });
		if (p.mode !== 'tree') throw new Error('expected the tree');
		expect(p.opened).toBe(A1.id);
		const schools = p.rows.filter((r) => r.parent_id === A1.id);
		expect(schools).toHaveLength(SCHOOLS);
		expect(schools.every((r) => r.depth === 3)).toBe(true);
		// In tree order: the schools right after A1, by name.
		const at = p.rows.findIndex((r) => r.id === A1.id);
		expect(p.rows.slice(at + 1, at + 1 + SCHOOLS).map((r) => r.name)).toEqual(
			schools.map((r) => r.name).sort((a, b) => a.localeCompare(b, 'vi'))
		);
		expect(p.rows.find((r) => r.id === A1.id)!.open).toBe(true);
		const complete = await completeCounts();
		for (const r of schools) expect(countsOf(r)).toEqual(complete.get(r.id));
	});

	it("ignores ?mo= of an agency outside an officer's subtree", async () => {
		const officerB = o.users.officerB.scope;
		const p = await page({ mo: String(o.agencies.A1.id) }, officerB);
		if (p.mode !== 'tree') throw new Error('expected the tree');
		expect(p.opened).toBeNull();
		expect(p.rows.map((r) => r.id)).toEqual([o.agencies.B.id]);
		expect(p.rows[0]!.depth).toBe(0);
	});

	it("gives an officer the children of his subtree's units, and nothing of another's", async () => {
		const { A, A1, B } = o.agencies;
		const mine = await agencyChildren(h.db, o.users.officerA.scope, A1.id, {});
		expect(mine).toHaveLength(SCHOOLS);
		// Depth from the officer's top (A is 0).
		expect(mine!.every((r) => r.depth === 2)).toBe(true);
		const complete = await completeCounts(o.users.officerA.scope);
		for (const r of mine!) expect(countsOf(r)).toEqual(complete.get(r.id));
		expect(await agencyChildren(h.db, o.users.officerB.scope, A1.id, {})).toBeNull();
		expect(await agencyChildren(h.db, o.users.officerB.scope, A.id, {})).toBeNull();
		expect((await agencyChildren(h.db, all, o.agencies.P.id, { active: '1' }))!.map((r) => r.id)).toEqual([
			A.id,
			B.id
		]);
	});

	it('the complete list (the export) still has every agency', async () => {
		expect((await completeCounts()).size).toBe(5 + SCHOOLS);
	});
});

describe("the lists' agency filter past FULL_LIST_MAX", () => {
	it('carries what the cut of the whole list carries, read without the whole list', async () => {
		const school = (await agencyChildren(h.db, all, o.agencies.A1.id, {}))![7]!.id;
		for (const set of ['inventory', 'all', 'active'] as const)
			for (const chosen of [null, school, o.agencies.X.id]) {
				const whole = trimAgencyOptions(await agencyChoiceSet(h.db, all, set), set, chosen);
				expect(await agencyFilterChoices(h.db, all, set, chosen), `${set} ${chosen}`).toEqual(whole);
			}
		const cut = await agencyFilterChoices(h.db, all, 'inventory', school);
		expect(cut.more).toBe('/api/chon/co-quan?ds=inventory');
		expect(cut.options.map((r) => r.id)).toContain(school);
		// An officer's scope within FULL_LIST_MAX: the whole list, nothing to fetch.
		const mine = await agencyFilterChoices(h.db, o.users.officerB.scope, 'inventory', null);
		expect(mine).toEqual({ options: [{ id: o.agencies.B.id, name: 'Cơ quan B', depth: 0 }], more: null });
	});
});

describe('a search matching hundreds', () => {
	it('is paged, in the complete list order, each page with the complete counts', async () => {
		const complete = await listAgencies(h.db, all, { q: 'truong' });
		expect(complete.rows).toHaveLength(SCHOOLS);
		const seen: number[] = [];
		for (let n = 1; n <= Math.ceil(SCHOOLS / 50); n++) {
			const p = await page({ q: 'truong', page: String(n) });
			if (p.mode !== 'flat') throw new Error('expected the flat list');
			expect(p.total).toBe(SCHOOLS);
			expect(p.rows.length).toBe(Math.min(50, SCHOOLS - (n - 1) * 50));
			seen.push(...p.rows.map((r) => r.id));
			for (const r of p.rows)
				expect(countsOf(r)).toEqual(countsOf(complete.rows.find((c) => c.id === r.id)!));
		}
		expect(seen).toEqual(complete.rows.map((r) => r.id));
	});

	it('sorted by a count, pages follow the complete order', async () => {
		const complete = await listAgencies(h.db, all, { q: 'truong', sap: 'people', chieu: 'desc' });
		const p1 = await page({ q: 'truong', sap: 'people', chieu: 'desc' });
		const p2 = await page({ q: 'truong', sap: 'people', chieu: 'desc', page: '2' });
		if (p1.mode !== 'flat' || p2.mode !== 'flat') throw new Error('expected the flat list');
		expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(complete.rows.slice(0, 100).map((r) => r.id));
		expect(p1.rows.slice(0, 5).map((r) => r.people)).toEqual([1, 1, 1, 1, 1]);
	});
});

describe('the routes', () => {
	const officerA = () => ({ id: 1, username: 'a', scope: o.users.officerA.scope });
	const officerB = () => ({ id: 2, username: 'b', scope: o.users.officerB.scope });
	const get = async (id: string, user: object | null, query = '') => {
		const url = new URL(`http://localhost/api/co-quan/${id}/don-vi${query}`);
		const res = await children({ locals: { user }, params: { id }, url } as never);
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};

	it("answers a unit's children as JSON, and 404 with a JSON error outside the scope", async () => {
		const { A1, B, P } = o.agencies;
		const ok = await get(String(A1.id), officerA());
		expect(ok.status).toBe(200);
		expect((ok.body.rows as unknown[]).length).toBe(SCHOOLS);
		for (const [id, user] of [
			[String(A1.id), officerB()],
			[String(P.id), officerB()],
			['999999', officerA()],
			['abc', officerA()]
		] as const) {
			const refused = await get(id, user);
			expect(refused.status, id).toBe(404);
			expect(refused.body).toEqual({ code: 'NOT_FOUND', message: 'Không tìm thấy dữ liệu yêu cầu.' });
		}
		expect((await get(String(B.id), null)).status).toBe(401);
		// Hiding inactive agencies: X is not among P's units.
		const active = await get(String(P.id), { id: 3, username: 'l', scope: all }, '?active=1');
		expect((active.body.rows as { id: number }[]).some((r) => r.id === o.agencies.X.id)).toBe(false);
	});

	it('renders the branch ?mo=<id> server-side (the link without JavaScript)', async () => {
		const { A1 } = o.agencies;
		const run = async (query: string) =>
			(await load({
				locals: { user: { id: 1, username: 'l', roles: ['leader'], scope: all } },
				url: new URL(`http://localhost/co-quan${query}`)
			} as never)) as unknown as { list: { mode: string; rows: { parent_id: number | null }[] } };
		expect((await run('')).list.rows.filter((r) => r.parent_id === A1.id)).toHaveLength(0);
		expect((await run(`?mo=${A1.id}`)).list.rows.filter((r) => r.parent_id === A1.id)).toHaveLength(SCHOOLS);
	});
});
