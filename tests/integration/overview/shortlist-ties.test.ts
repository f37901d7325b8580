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
import { periodContaining, resolvePeriod } from '../../../src/lib/time/periods';
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

describe('the shortlist with many agencies tied at share 0 without documents', () => {
	const r = resolvePeriod(periodContaining('month', '2026-11-20'), NOW);
	const spans = { current: r.elapsed, lastYear: r.lastYear, previous: r.previous };

	it('gives the lists that ranking every agency gives, ties on active certificates at the cut included', async () => {
		for (const scope of [ALL, fx.sytScope])
			for (const days of [90, 1]) {
				const full = await adoption(h.db, scope, spans, NOW, days);
				// 1 to 3: the cut falls on those holding 4; 10 and 12: inside the twelve holding 2; 30: the twenty holding 1.
				for (const k of [1, 2, 3, 8, 10, 12, 30, 60]) {
					const short = await adoptionShortlist(h.db, scope, spans, NOW, days, {
						ranked: k,
						silent: k,
						dormant: k
					});
					expectShortlistLists(full, short, k);
				}
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

describe('the shortlist from agency_standing (the open month, the province)', () => {
	const r = resolvePeriod(periodContaining('month', '2026-11-20'), NOW);
	const spans = { current: r.elapsed, lastYear: r.lastYear, previous: r.previous };
	const openNovember = () => sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(h.db);

	it('gives the lists that ranking every agency gives, from the roll-ups', async () => {
		await openNovember();
		for (const days of [90, 1]) {
			const full = await adoption(h.db, ALL, spans, NOW, days);
			for (const k of [1, 2, 3, 8, 10, 12, 30, 60]) {
				const short = await adoptionShortlist(h.db, ALL, spans, NOW, days, {
					ranked: k,
					silent: k,
					dormant: k
				});
				expectShortlistLists(full, short, k);
			}
		}
	});

	it('reads the standings (a planted difference shows, and is named and repaired)', async () => {
		await openNovember();
		const [victim] = silentIds;
		await sql`update agency_standing set active = 40 where months = 1 and agency_id = ${victim}`.execute(
			h.db
		);
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

	it('is not used for another period, which the roll-ups answer, nor reopened backwards', async () => {
		await openNovember();
		const oct = resolvePeriod(periodContaining('month', '2026-10-20'), NOW);
		expect(await standingAnswers(h.db, oct.elapsed)).toBe(false);
		expect(await standingAnswers(h.db, r.elapsed)).toBe(true);
		const quarter = resolvePeriod(periodContaining('quarter', '2026-11-20'), NOW);
		expect(await standingAnswers(h.db, quarter.elapsed)).toBe(false);
		const open = await h.db.selectFrom('agency_standing_period').selectAll().execute();
		expect(open.map((p) => [p.months, String(p.period_start)])).toEqual([[1, '2026-11-01']]);
	});
});
