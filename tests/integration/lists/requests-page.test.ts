// /yeu-cau, 50 requests a page with the lists' pager (it showed the first 200): the pages, one after
// the other, are the whole list in the list's order (the default and a header's), each with the
// whole count, for the province and for an officer's subtree; a page past the end is empty, a bad
// page number is the first page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';

const { setDbHandle } = await import('../../../src/lib/server/db');

const { openTestDb } = await import('../../helpers/db');
const { buildOrg } = await import('../organisation/fixtures');
const { listRequests, parseRequestFilters } = await import('../../../src/lib/server/requests/queries');
const { load } = await import('../../../src/routes/yeu-cau/+page.server');

let h: DbHandle;
let o: Awaited<ReturnType<typeof buildOrg>>;
const N = 130;

const viewer = (scope: AuthUser['scope']): AuthUser => ({
	id: 1,
	username: 'lanhdao',
	displayName: 'Lãnh đạo',
	roles: ['leader'],
	agencyId: scope.kind === 'all' ? null : scope.agencyId,
	scope,
	sessionId: 's'
});

type Data = { rows: { id: number }[]; total: number; page: number; pageSize: number };
const open = async (user: AuthUser, query: string) =>
	(await load({
		locals: { user },
		url: new URL(`http://localhost/yeu-cau${query}`)
	} as never)) as unknown as Data;

beforeAll(async () => {
	h = await openTestDb();
	// The routes reach the database through getDb(): hand them this file's test database.
	setDbHandle(h);
	o = await buildOrg(h.db);
	const { A, A1, B } = o.agencies;
	const agencies = [A.id, A1.id, B.id];
	await h.db
		.insertInto('lifecycle_requests')
		.values(
			Array.from({ length: N }, (_, i) => ({
				kind: (['issue', 'renew', 'revoke'] as const)[i % 3]!,
				agency_id: agencies[i % 3]!,
				reference_number: `${i}/ĐN`,
				// Some share a time, so the id decides between them.
				submitted_at: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 2))).toISOString(),
				due_at: new Date(Date.UTC(2026, 2, 1 + (i % 17))).toISOString()
			}))
		)
		.execute();
});
afterAll(async () => {
	setDbHandle(undefined);
	await h.close();
});

describe('/yeu-cau', () => {
	for (const [what, query] of [
		['newest first', ''],
		['by due time', '?sap=due&chieu=asc'],
		['by agency, a search', '?sap=agency&chieu=desc&q=dn']
	] as const)
		it(`pages the whole list, ${what}, for the province and an officer`, async () => {
			const { A } = o.agencies;
			for (const scope of [
				{ kind: 'all' } as const,
				{ kind: 'subtree' as const, agencyId: A.id, path: A.path }
			]) {
				const params = new URLSearchParams(query);
				const whole = await listRequests(
					h.db,
					scope,
					{ ...parseRequestFilters(params), limit: 1000 },
					new Date()
				);
				const pages: number[] = [];
				for (let p = 1; p <= Math.ceil(whole.total / 50); p++) {
					const data = await open(viewer(scope), `${query}${query ? '&' : '?'}page=${p}`);
					expect(data).toMatchObject({ page: p, pageSize: 50, total: whole.total });
					expect(data.rows.length).toBeLessThanOrEqual(50);
					pages.push(...data.rows.map((r) => r.id));
				}
				expect(pages).toEqual(whole.rows.map((r) => r.id));
				expect(whole.total).toBeGreaterThan(scope.kind === 'all' ? 100 : 50);
			}
		});

	it('answers a page past the end with no rows, and a bad page number with the first', async () => {
		const all = viewer({ kind: 'all' });
		expect((await open(all, '?page=99')).rows).toEqual([]);
		const first = await open(all, '');
		for (const bad of ['0', '-3', 'x', '2.5e9'])
			expect((await open(all, `?page=${bad}`)).rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
	});
});
