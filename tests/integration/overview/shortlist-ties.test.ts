// Early in a month most agencies have signed nothing: they tie at the bottom of the ranking
// (share 0, no document), thousands of them at --scale 50. The shortlist (adoptionShortlist) cuts
// the bottom on share, documents and active certificates in SQL, so only the rows tied on all
// three with the tenth reach Node; its lists must still be what ranking every agency gives, with
// ties left on active certificates at the cut (broken by name, then as certificateUse orders them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { adoption } from '../../../src/lib/server/overview/adoption';
import { adoptionShortlist } from '../../../src/lib/server/overview/adoption-shortlist';
import { rankAgencies } from '../../../src/lib/server/overview/ranking';
import { expectShortlistLists } from './shortlist-expect';
import { periodContaining, presetPeriod, resolvePeriod } from '../../../src/lib/time/periods';
import { sql } from 'kysely';
import { standingAnswers } from '../../../src/lib/server/overview/standing';
import { standingDifferences } from '../../../src/lib/server/rollups/agency-standing';

const DAY = 86400_000;
const ALL: AgencyScope = { kind: 'all' };
// Silent agencies by active certificates held: 3 with 4, 5 with 3, 12 with 2, 20 with 1.
const HOLDINGS = [4, 4, 4, ...Array(5).fill(3), ...Array(12).fill(2), ...Array(20).fill(1)] as number[];
// Few names, so that ties on the numbers are broken by name and by duplicate names; one with a
// character the name key does not know ('&': its key stops there, and it always comes along).
const NAMES = [
	'Trường Tiểu học Ân Thi',
	'UBND xã An Bình',
	'Trạm Y tế xã Đông Hòa',
	'Phòng Nội vụ',
	'Sở KH&CN'
];

let h: DbHandle;
let fx: Fixture;
let silentIds: number[];

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	const parents = await h.db
		.selectFrom('agencies')
		.select(['id', 'path'])
		.where('id', 'in', [fx.root, fx.syt])
		.execute();
	silentIds = [];
	let serial = 0;
	for (const [i, held] of HOLDINGS.entries()) {
		// Every third one under Sở Y tế, for the officer's scoped view.
		const parent = parents.find((p) => p.id === (i % 3 === 0 ? fx.syt : fx.root))!;
		const a = await h.db
			.insertInto('agencies')
			.values({
				code: `TIE${i}`,
				name: NAMES[(i * 3) % NAMES.length]!,
				kind: 'unit',
				parent_id: parent.id,
				path: ''
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.updateTable('agencies')
			.set({ path: `${parent.path}${a.id}/` })
			.where('id', '=', a.id)
			.execute();
		silentIds.push(a.id);
		await h.db
			.insertInto('certificates')
			.values(
				Array.from({ length: held }, () => {
					const hex = (++serial).toString(16).padStart(6, '0');
					return {
						fingerprint_sha256: `ce${hex}`.padEnd(64, '3'),
						serial_number: `7f${hex}`,
						issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
						subject_dn: `CN=Thử ${hex}, C=VN`,
						subject_cn: `Thử ${hex}`,
						kind: 'organisation' as const,
						agency_id: a.id,
						// Issued 30 days ago: not dormant in a 90-day window, so the dormant list's
						// cut does not bring them along; dormant in a 1-day window.
						not_before: new Date(NOW.getTime() - 30 * DAY),
						not_after: new Date(NOW.getTime() + 500 * DAY),
						status: 'active' as const,
						der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x7f])
					};
				})
			)
			.execute();
	}
});
afterAll(async () => h?.close());

/**
 * The shortlist's lists equal ranking every agency, for cuts from 1 to 60 (1 to 3: the cut falls on those
 * holding 4; 10 and 12: inside the twelve holding 2; 30: the twenty holding 1).
 */
async function expectListsOfEveryCut(
	scope: AgencyScope,
	spans: Parameters<typeof adoption>[2],
	days: number
): Promise<void> {
	const full = await adoption(h.db, scope, spans, NOW, days);
	for (const k of [1, 2, 3, 8, 10, 12, 30, 60]) {
		const short = await adoptionShortlist(h.db, scope, spans, NOW, days, {
			ranked: k,
			silent: k,
			dormant: k
		});
		expectShortlistLists(full, short, k);
	}
}

describe('the shortlist with many agencies tied at share 0 without documents', () => {
	const r = resolvePeriod(periodContaining('month', '2026-11-20'), NOW);
	const spans = { current: r.elapsed, lastYear: r.lastYear, previous: r.previous };

	it('gives the lists that ranking every agency gives, ties on active certificates at the cut included', async () => {
		for (const scope of [ALL, fx.sytScope])
			for (const days of [90, 1]) {
				await expectListsOfEveryCut(scope, spans, days);
			}
	});

	it('puts those holding the most active certificates at the bottom, and brings only the ties with the tenth', async () => {
		const full = await adoption(h.db, ALL, spans, NOW, 90);
		const a = rankAgencies(full.standings, 10);
		expect(a.bottom.map((s) => [s.used, s.signed, s.active])).toEqual([
			...Array(3).fill([0, 0, 4]),
			...Array(5).fill([0, 0, 3]),
			...Array(2).fill([0, 0, 2])
		]);
		expect(a.bottom.every((s) => silentIds.includes(s.agency_id))).toBe(true);
		// The fixture's three other agencies signed, so the best two or three are cut among them. Of
		// the 40 tied agencies only those holding 4 come along (with the cut on two, only those whose
		// name may come before the second's).
		for (const k of [2, 3]) {
			const short = await adoptionShortlist(h.db, ALL, spans, NOW, 90, { ranked: k, silent: 1, dormant: 1 });
			const tied = short.standings.filter((s) => silentIds.includes(s.agency_id));
			expect(tied.every((s) => s.active === 4)).toBe(true);
			expect(tied.length).toBeLessThanOrEqual(3);
			expect(tied.length).toBeGreaterThanOrEqual(k);
			expect(rankAgencies(short.standings, k, short.silentTotal).bottom).toEqual(a.bottom.slice(0, k));
		}
	});
});

describe('the shortlist from agency_standing (the periods kept, the province)', () => {
	const r = resolvePeriod(periodContaining('month', '2026-11-20'), NOW);
	const spans = { current: r.elapsed, lastYear: r.lastYear, previous: r.previous };
	const openNovember = () => sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(h.db);
	const kept = async () =>
		(
			await h.db
				.selectFrom('agency_standing_period')
				.select(['months', sql<string>`period_start::text`.as('start')])
				.orderBy('months')
				.orderBy('period_start')
				.execute()
		).map((p) => `${p.months}|${p.start}`);

	it('gives the lists that ranking every agency gives, from the roll-ups, for this and past periods', async () => {
		await openNovember();
		for (const period of [
			periodContaining('month', '2026-11-20'),
			periodContaining('quarter', '2026-11-20'),
			periodContaining('year', '2026-11-20'),
			presetPeriod('quarter', 2026, 3),
			periodContaining('month', '2026-10-20')
		]) {
			const p = resolvePeriod(period, NOW);
			const s = { current: p.elapsed, lastYear: p.lastYear, previous: p.previous };
			expect(await standingAnswers(h.db, s.current)).toBe(true);
			for (const days of [90, 1]) await expectListsOfEveryCut(ALL, s, days);
		}
	});

	it('reads the standings (a planted difference shows, and is named and repaired)', async () => {
		await openNovember();
		const [victim] = silentIds;
		await sql`update agency_standing set active = 40
			where months = 1 and period_start = '2026-11-01' and agency_id = ${victim}`.execute(h.db);
		const short = await adoptionShortlist(h.db, ALL, spans, NOW, 90, { ranked: 3, silent: 3, dormant: 1 });
		expect(rankAgencies(short.standings, 3, short.silentTotal).silentFirst(1)[0]).toMatchObject({
			agency_id: victim,
			active: 40
		});
		expect(await standingDifferences(h.db)).toEqual([
			expect.objectContaining({ table: 'agency_standing', key: `1|2026-11-01|${victim}` })
		]);
		await sql`select agency_standing_rebuild()`.execute(h.db);
		expect(await standingDifferences(h.db)).toEqual([]);
	});

	it('answers only a period whose events all lie in the span, never one still to come', async () => {
		// A custom range starting a month, with events after it in that month: the roll-ups answer.
		expect(await standingAnswers(h.db, { from: '2026-11-01', to: '2026-11-10' })).toBe(false);
		// Not the start of a period.
		expect(await standingAnswers(h.db, { from: '2026-11-02', to: '2026-11-20' })).toBe(false);
		const before = await kept();
		expect(await standingAnswers(h.db, { from: '2099-01-01', to: '2099-01-31' })).toBe(false);
		expect(await kept()).toEqual(before);
	});

	it('keeps four periods of each length, the latest always, and none let go within ten minutes', async () => {
		const months = async () => (await kept()).filter((k) => k.startsWith('1|'));
		const latest = (await months()).sort().pop()!;
		const opened = (month: string) => standingAnswers(h.db, { from: month, to: lastDayOf(month) });
		const age = () =>
			sql`update agency_standing_period set opened_at = opened_at - interval '1 hour'`.execute(h.db);
		await age();
		for (const month of ['2026-03-01', '2026-04-01', '2026-05-01']) expect(await opened(month)).toBe(true);
		const three = ['1|2026-03-01', '1|2026-04-01', '1|2026-05-01', latest].sort();
		expect(await months()).toEqual(three);
		// A fifth would let go of March, opened a moment ago: the roll-ups answer it instead.
		expect(await opened('2026-06-01')).toBe(false);
		expect(await months()).toEqual(three);
		await age();
		for (const month of ['2026-06-01', '2026-07-01']) expect(await opened(month)).toBe(true);
		expect(await months()).toEqual(['1|2026-05-01', '1|2026-06-01', '1|2026-07-01', latest].sort());
		const rows = await sql<{ months: number; n: number }>`
			select count(distinct period_start)::int as n from agency_standing where months = 1`.execute(h.db);
		expect(rows.rows[0]!.n).toBe(4);
		expect(await standingDifferences(h.db)).toEqual([]);
	});
});

/** The last day of the month starting `first`. */
function lastDayOf(first: string): string {
	const d = new Date(`${first}T00:00:00Z`);
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}
