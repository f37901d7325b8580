// What the overview page `/` sends a browser when the scope holds more agencies than a page lists
// in full (FULL_LIST_MAX): its agency drop-down carries the upper levels and the chosen agency
// and names /api/chon/co-quan for the rest, which answers every agency of the viewer's scope and
// none outside it; the agencies that signed nothing are cut to the first SILENT_SHOWN (most active
// certificates first) with their count, all of them on request, while the workbook keeps all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';

const { setDbHandle } = await import('../../../src/lib/server/db');

const { openTestDb } = await import('../../helpers/db');
const { buildFixture } = await import('../inventory/fixtures');
const { scopeFor } = await import('../../../src/lib/server/auth/sessions');
const { FULL_LIST_MAX } = await import('../../../src/lib/server/inventory/agency-choices');
const { SILENT_PAGE, SILENT_SHOWN } = await import('../../../src/lib/server/overview/page-data');
const { overviewSheets } = await import('../../../src/lib/server/overview/workbook');
const { loadOverview } = await import('../../../src/lib/server/overview/overview');
const { load } = await import('../../../src/routes/+page.server');
const { GET } = await import('../../../src/routes/api/chon/co-quan/+server');

type Fixture = Awaited<ReturnType<typeof buildFixture>>;
type Option = { id: number; name: string; depth: number };
type PageData = {
	agencies: Option[];
	agenciesMore: string | null;
	adoption: { dormantByAgency: { agency_id: number | null; n: number }[] };
	ranking: {
		silent: { agency_id: number; agency_name: string; active: number }[];
		silentTotal: { agencies: number; active: number };
		silentPage: number | null;
	};
};

let h: DbHandle;
let fx: Fixture;
let sytPath: string;
/** Units added under Sở KH&CN and under Sở Y tế: past FULL_LIST_MAX together. */
const OUTSIDE = FULL_LIST_MAX + 20;
const INSIDE = 30;
/** Of the added units, these hold active certificates and sign nothing (one more each, by index). */
const SILENT_UNITS = SILENT_SHOWN + 5;

async function addUnits(parent: number, prefix: string, n: number): Promise<number[]> {
	const p = await h.db
		.selectFrom('agencies')
		.select('path')
		.where('id', '=', parent)
		.executeTakeFirstOrThrow();
	const { rows } = await sql<{ id: number }>`
		insert into agencies (code, name, kind, parent_id, path)
		select ${prefix} || g, 'Trường ' || ${prefix} || ' ' || lpad(g::text, 4, '0'), 'unit', ${parent}, ''
		from generate_series(1, ${n}) g returning id`.execute(h.db);
	await sql`update agencies set path = ${p.path} || id || '/' where parent_id = ${parent} and path = ''`.execute(
		h.db
	);
	return rows.map((r) => r.id).sort((a, b) => a - b);
}

beforeAll(async () => {
	h = await openTestDb();
	// The routes reach the database through getDb(): hand them this file's test database.
	setDbHandle(h);
	fx = await buildFixture(h.db);
	sytPath = (
		await h.db.selectFrom('agencies').select('path').where('id', '=', fx.syt).executeTakeFirstOrThrow()
	).path;
	const outside = await addUnits(fx.skhcn, 'KH', OUTSIDE);
	await addUnits(fx.syt, 'YT', INSIDE);
	// Unit i holds i + 1 active certificates that never signed: the silent list's order is known.
	const silent = outside.slice(0, SILENT_UNITS);
	await sql`
		insert into certificates (fingerprint_sha256, serial_number, issuer_dn, subject_dn, subject_cn, kind,
			agency_id, not_before, not_after, status, der)
		select md5('silent' || a.id || '-' || k) || md5('x' || a.id || '-' || k), 'SL' || a.id || '-' || k,
			'CN=CA thử, C=VN', 'CN=Trường ' || a.id || ', C=VN', 'Trường ' || a.id, 'organisation', a.id,
			now() - interval '400 days', now() + interval '400 days', 'active', '\\x3003020101'::bytea
		from unnest(array[${sql.join(silent)}]::int[]) with ordinality as a(id, i)
		cross join lateral generate_series(1, a.i::int) k`.execute(h.db);
}, 120_000);
afterAll(async () => {
	setDbHandle(undefined);
	await h?.close();
});

function user(kind: 'leader' | 'officer') {
	const roles = kind === 'leader' ? ['leader'] : ['agency_officer'];
	const agencyId = kind === 'leader' ? null : fx.syt;
	const path = kind === 'leader' ? null : sytPath;
	return {
		id: 1,
		username: kind,
		displayName: kind,
		roles,
		agencyId,
		scope: scopeFor(roles as never, agencyId, path),
		sessionId: 't'
	};
}

async function page(kind: 'leader' | 'officer', query = ''): Promise<PageData> {
	const url = new URL(`http://localhost/${query}`);
	return (await load({ locals: { user: user(kind), lang: 'vi' }, url } as never)) as unknown as PageData;
}

async function choices(kind: 'leader' | 'officer', ds = 'inventory'): Promise<Option[]> {
	const url = new URL(`http://localhost/api/chon/co-quan?ds=${ds}`);
	const res = await GET({ locals: { user: user(kind), lang: 'vi' }, url } as never);
	expect(res.status).toBe(200);
	return (await res.json()) as Option[];
}

const inScopeCount = async (path: string | null) =>
	(
		await sql<{ n: number }>`select count(*)::int as n from agencies
			where kind <> 'external' and (${path}::text is null or path like ${path} || '%')`.execute(h.db)
	).rows[0]!.n;

describe('the agency drop-down of /', () => {
	it('carries the upper levels for the leader and names the API, which answers every agency', async () => {
		const data = await page('leader');
		expect(data.agenciesMore).toBe('/api/chon/co-quan?ds=inventory');
		expect(data.agencies.length).toBeLessThanOrEqual(200);
		expect(data.agencies.map((o) => o.id)).toEqual(expect.arrayContaining([fx.root, fx.syt, fx.skhcn]));
		expect(data.agencies.every((o) => o.depth <= 1)).toBe(true);
		const all = await choices('leader');
		expect(all.length).toBe(await inScopeCount(null));
		expect(all.length).toBeGreaterThan(FULL_LIST_MAX);
		expect(new Set(all.map((o) => o.id)).size).toBe(all.length);
	});

	it('keeps the chosen unit in the cut list', async () => {
		const unit = (await choices('leader')).find((o) => o.name === 'Trường KH 0500')!;
		const data = await page('leader', `?agency=${unit.id}`);
		expect(data.agencies.filter((o) => o.depth > 1)).toEqual([unit]);
	});

	it("lists the officer's whole subtree in the page and the API gives nothing outside it", async () => {
		const data = await page('officer');
		expect(data.agenciesMore).toBeNull();
		const inside = await inScopeCount(sytPath);
		expect(data.agencies.length).toBe(inside);
		const api = await choices('officer');
		expect(api.map((o) => o.id).sort()).toEqual(data.agencies.map((o) => o.id).sort());
		const paths = await h.db
			.selectFrom('agencies')
			.select('path')
			.where(
				'id',
				'in',
				api.map((o) => o.id)
			)
			.execute();
		expect(paths.every((p) => p.path.startsWith(sytPath))).toBe(true);
		expect((await choices('officer', 'all')).length).toBe(inside);
	});
});

describe('the agencies that signed nothing on /', () => {
	it('shows the first ones, most active certificates first, with their count; all on request', async () => {
		const data = await page('leader');
		const { silent, silentTotal } = data.ranking;
		const overview = await loadOverview(h.db, { kind: 'all' }, new URLSearchParams());
		expect(silentTotal.agencies).toBe(overview.ranking.silent.length);
		expect(silentTotal.agencies).toBeGreaterThanOrEqual(SILENT_UNITS);
		expect(silentTotal.active).toBe(overview.ranking.silent.reduce((s, r) => s + r.active, 0));
		expect(silent.length).toBe(SILENT_SHOWN);
		expect(silent[0]!.active).toBe(SILENT_UNITS);
		expect(silent.map((r) => r.active)).toEqual([...silent.map((r) => r.active)].sort((a, b) => b - a));
		const every = await page('leader', '?khongky=all');
		expect(every.ranking.silent.map((r) => r.agency_id)).toEqual(
			overview.ranking.silent.map((r) => r.agency_id)
		);
		// The workbook lists every one of them.
		const sheet = overviewSheets(overview, 'Toàn tỉnh').find((s) => s.name === 'Cơ quan không ký văn bản')!;
		expect(sheet.rows.length).toBe(silentTotal.agencies);
	});

	it('lists the ten agencies with the most dormant certificates; the workbook, every one', async () => {
		const data = await page('leader');
		const overview = await loadOverview(h.db, { kind: 'all' }, new URLSearchParams());
		// The silent units' certificates are valid since 400 days and never signed: all dormant.
		expect(overview.adoption.dormantByAgency.length).toBeGreaterThanOrEqual(SILENT_UNITS);
		expect(data.adoption.dormantByAgency).toEqual(overview.adoption.dormantByAgency.slice(0, 10));
		const sheet = overviewSheets(overview, 'Toàn tỉnh').find(
			(s) => s.name === 'Chứng thư không dùng 90 ngày'
		)!;
		expect(sheet.rows.length).toBe(overview.adoption.dormantByAgency.length);
	});
});

describe('every agency that signed nothing, a page at a time', () => {
	it('pages them in the order of the whole list, without the whole list crossing to the page', async () => {
		// SILENT_PAGE more of Sở KH&CN's units hold one active certificate each: past one page in all.
		const idle = await h.db
			.selectFrom('agencies as a')
			.select('a.id')
			.where('a.path', 'like', `%/${fx.skhcn}/%`)
			.where('a.kind', '=', 'unit')
			.where(({ not, exists, selectFrom }) =>
				not(exists(selectFrom('certificates as c').select('c.id').whereRef('c.agency_id', '=', 'a.id')))
			)
			.orderBy('a.id')
			.limit(SILENT_PAGE)
			.execute();
		expect(idle.length).toBe(SILENT_PAGE);
		await sql`
			insert into certificates (fingerprint_sha256, serial_number, issuer_dn, subject_dn, subject_cn, kind,
				agency_id, not_before, not_after, status, der)
			select md5('idle' || a.id) || md5('y' || a.id), 'ID' || a.id, 'CN=CA thử, C=VN', 'CN=Trường ' || a.id,
				'Trường ' || a.id, 'organisation', a.id, now() - interval '400 days', now() + interval '400 days',
				'active', '\\x3003020101'::bytea
			from unnest(array[${sql.join(idle.map((r) => r.id))}]::int[]) as a(id)`.execute(h.db);
		const whole = (await loadOverview(h.db, { kind: 'all' }, new URLSearchParams())).ranking.silent.map(
			(r) => r.agency_id
		);
		expect(whole.length).toBeGreaterThan(SILENT_PAGE);
		const first = await page('leader', '?khongky=1');
		const second = await page('leader', '?khongky=2');
		expect(first.ranking.silentPage).toBe(1);
		expect(first.ranking.silent.map((r) => r.agency_id)).toEqual(whole.slice(0, SILENT_PAGE));
		expect(second.ranking.silent.map((r) => r.agency_id)).toEqual(whole.slice(SILENT_PAGE, 2 * SILENT_PAGE));
		expect(first.ranking.silentTotal.agencies).toBe(whole.length);
		// The address of before pages is the first page; a page past the last shows none; anything else, the first
		// SILENT_SHOWN as without it.
		expect((await page('leader', '?khongky=all')).ranking.silent).toEqual(first.ranking.silent);
		expect((await page('leader', '?khongky=999')).ranking.silent).toEqual([]);
		const odd = await page('leader', '?khongky=abc');
		expect(odd.ranking.silentPage).toBeNull();
		expect(odd.ranking.silent.map((r) => r.agency_id)).toEqual(whole.slice(0, SILENT_SHOWN));
	});
});
