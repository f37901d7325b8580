// agency_first_use and agency_last_use (migration 2026_12_12_0100): the overview's certificates
// used in a span that starts a month, quarter, half-year or year are summed from the first, its
// dormant certificates (for windows starting on any instant) read from the second. Its answers must equal the raw
// events' after each change below: late events for old periods, a certificate revoked, one
// expired, one moved to another agency and back to active, one added that never signed, events deleted and re-dated, and an
// unknown certificate's events linked (per agency, certificateUse, and in all, certificatesUsed); verifyRollups must see no difference in it, name a planted
// one, and a ranged rebuild must repair it. The spans cover each period kind, whole and partial,
// and custom ranges that fall back to the per-certificate read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { certificateUseFromEvents } from './certificate-use-reference';
import {
	adoption,
	certificateUse,
	certificatesUsed,
	firstUsePeriod
} from '../../../src/lib/server/overview/adoption';
import { adoptionShortlist } from '../../../src/lib/server/overview/adoption-shortlist';
import { expectShortlistLists } from './shortlist-expect';
import { resolvePeriod, periodContaining, presetPeriod } from '../../../src/lib/time/periods';
import { rebuildRollups, verifyRollups } from '../../../src/lib/server/rollups/rollups';
import type { DaySpan } from '../../../src/lib/time/periods';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	// The fixture's month is kept by agency_standing (2026_12_14_0100): the province's shortlist
	// for it reads the standings, which every change below must keep equal to their sources.
	await sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(h.db);
});
afterAll(async () => h?.close());

// The fixture's events run from late September 2025 to 20/11/2026.
const SPANS: DaySpan[] = [
	{ from: '2026-11-01', to: '2026-11-20' }, // this month so far (month)
	{ from: '2025-11-01', to: '2025-11-20' }, // the same days last year
	{ from: '2026-10-01', to: '2026-10-20' }, // the month before, cut to the same length
	{ from: '2026-10-01', to: '2026-11-20' }, // this quarter so far
	{ from: '2026-07-01', to: '2026-09-30' }, // a whole quarter
	{ from: '2026-07-01', to: '2026-11-20' }, // this half-year so far
	{ from: '2026-01-01', to: '2026-11-20' }, // this year so far
	{ from: '2025-01-01', to: '2025-12-31' }, // a whole year, the events' first
	{ from: '2026-02-01', to: '2026-02-01' }, // one day that starts a month
	{ from: '2026-03-05', to: '2026-03-20' }, // not a period's start: the per-certificate read
	{ from: '2025-12-01', to: '2026-01-31' } // across a year: the per-certificate read
];
// The dormant window's start: 90 days, 300 days, and half an hour before NOW (within the day the
// fixture's certificates last signed, an hour before NOW).
const SINCES = [90 * 86400_000, 300 * 86400_000, 1800_000].map((ms) => new Date(NOW.getTime() - ms));

/** The reference for the fixture's spans (certificate-use-reference.ts). */
const raw = (scope: AgencyScope, since: Date) => certificateUseFromEvents(h.db, scope, SPANS, since);

async function expectEqualsRaw(): Promise<void> {
	for (const [scope, since] of [ALL, fx.sytScope].flatMap((sc) => SINCES.map((t) => [sc, t] as const))) {
		const rows = await certificateUse(h.db, scope, SPANS, since);
		const lines = rows
			.map((r) => [r.agency_id ?? '-', r.active, ...r.used, r.dormant].join('|'))
			.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		const expected = await raw(scope, since);
		expect(lines).toEqual(expected);
		// The comparisons' totals, without the agencies.
		const totals = SPANS.map((_, i) => expected.reduce((n, l) => n + Number(l.split('|')[2 + i]), 0));
		expect(await certificatesUsed(h.db, scope, SPANS)).toEqual(totals);
	}
	expect(
		(await verifyRollups(h.db)).filter((d) =>
			['agency_first_use', 'agency_last_use', 'agency_standing'].includes(d.table)
		)
	).toEqual([]);
	const standing = await sql<{ n: number }>`
		select count(*)::int as n from agency_standing where months = 1 and period_start = '2026-11-01' and active > 0`.execute(
		h.db
	);
	expect(standing.rows[0]!.n).toBeGreaterThan(0);
}

const event = (certificate_id: number, at: string, id: string) => ({
	signed_at: new Date(at),
	certificate_id,
	signing_form: 'org' as const,
	channel: 'portal' as const,
	source_system: 'test',
	source_id: id
});

describe('agency_first_use', () => {
	it('picks the shortest period a span starts and fits in, and none for the others', () => {
		expect(SPANS.map(firstUsePeriod)).toEqual([1, 1, 1, 3, 3, 6, 12, 12, 1, null, null]);
		expect(firstUsePeriod({ from: '2026-01-01', to: '2026-06-30' })).toBe(6);
		expect(firstUsePeriod({ from: '2026-01-01', to: '2026-07-01' })).toBe(12);
		expect(firstUsePeriod({ from: '2026-02-01', to: '2026-03-01' })).toBe(null);
		expect(firstUsePeriod({ from: '2026-04-01', to: '2026-09-30' })).toBe(null);
	});

	it('answers as the raw events do on the fixture', async () => {
		const stored = await sql<{ n: number }>`select count(*)::int as n from agency_first_use`.execute(h.db);
		expect(stored.rows[0]!.n).toBeGreaterThan(0);
		const lines = await raw(ALL, SINCES[0]!);
		// None dormant for 90 days, some for half an hour.
		expect(lines.every((l) => l.endsWith('|0'))).toBe(true);
		expect((await raw(ALL, SINCES[2]!)).some((l) => !l.endsWith('|0'))).toBe(true);
		// Not all zero nor all equal: the spans tell the certificates apart.
		expect(new Set(lines.map((l) => l.split('|').slice(2, -1).join('|'))).size).toBeGreaterThan(1);
		await expectEqualsRaw();
	});

	it('stays exact after late events for old periods, in one statement and one by one', async () => {
		// Earlier than any day the certificate signed in those months: its first days move back.
		await h.db
			.insertInto('signing_events')
			.values([
				event(fx.certs.skhcnOrg, '2025-10-01T08:00:00+07:00', 'late-1'),
				event(fx.certs.skhcnOrg, '2025-10-02T08:00:00+07:00', 'late-2'),
				event(fx.certs.skhcnOrg, '2026-07-01T00:10:00+07:00', 'late-3'),
				event(fx.certs.doctor, '2026-11-01T06:00:00+07:00', 'late-4')
			])
			.execute();
		await expectEqualsRaw();
		await h.db
			.insertInto('signing_events')
			.values(event(fx.certs.sytOrg, '2025-01-02T10:00:00+07:00', 'late-5'))
			.execute();
		await h.db
			.insertInto('signing_events')
			.values(event(fx.certs.sytOrg, '2025-01-01T10:00:00+07:00', 'late-6'))
			.execute();
		await expectEqualsRaw();
	});

	it('counts a new certificate that never signed, valid only since lately, and forgets it deleted', async () => {
		const c = await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: 'cf'.padEnd(64, '3'),
				serial_number: '7e0003',
				issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
				subject_dn: 'CN=Phòng mới, C=VN',
				subject_cn: 'Phòng mới',
				kind: 'organisation',
				agency_id: fx.hospital,
				not_before: new Date(NOW.getTime() - 10 * 86400_000),
				not_after: new Date(NOW.getTime() + 700 * 86400_000),
				status: 'active',
				der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x7f])
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await expectEqualsRaw();
		await h.db.deleteFrom('certificates').where('id', '=', c.id).execute();
		await expectEqualsRaw();
	});

	it('drops a certificate revoked or expired after it signed, and takes back one made active again', async () => {
		await h.db
			.updateTable('certificates')
			.set({ status: 'revoked', revoked_at: NOW, revocation_reason: 'keyCompromise' })
			.where('id', '=', fx.certs.sytDirector)
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ status: 'expired' })
			.where('id', '=', fx.certs.doctor)
			.execute();
		await expectEqualsRaw();
		// Events for an inactive certificate are not counted, and still not once it is active again twice over.
		await h.db
			.insertInto('signing_events')
			.values(event(fx.certs.doctor, '2026-11-02T09:00:00+07:00', 'late-7'))
			.execute();
		await expectEqualsRaw();
		await h.db
			.updateTable('certificates')
			.set({ status: 'active' })
			.where('id', '=', fx.certs.doctor)
			.execute();
		await expectEqualsRaw();
	});

	it('moves a certificate with its agency, and follows deleted, re-dated and linked events', async () => {
		await h.db
			.updateTable('certificates')
			.set({ agency_id: fx.skhcn })
			.where('id', '=', fx.certs.sytOrg)
			.execute();
		await expectEqualsRaw();
		await sql`delete from signing_events where certificate_id = ${fx.certs.skhcnOrg} and signed_at < '2025-10-03 00:00+07'`.execute(
			h.db
		);
		await expectEqualsRaw();
		await sql`update signing_events set signed_at = signed_at - interval '40 days' where certificate_id = ${fx.certs.sytOrg} and signed_at >= '2026-11-01 00:00+07'`.execute(
			h.db
		);
		await expectEqualsRaw();
		await h.db
			.insertInto('signing_events')
			.values({
				...event(fx.certs.sytOrg, '2026-09-30T20:00:00+07:00', 'unknown-1'),
				certificate_id: null,
				certificate_ref: 'x-1',
				document_agency_id: fx.skhcn
			})
			.execute();
		await sql`update signing_events set certificate_id = ${fx.certs.skhcnDirector} where source_id = 'unknown-1'`.execute(
			h.db
		);
		await expectEqualsRaw();
	});

	it("gives the page's lists from a shortlist as from every agency, ties included", async () => {
		for (const period of [
			periodContaining('month', '2026-11-20'),
			presetPeriod('year', 2026),
			presetPeriod('quarter', 2026, 2)
		]) {
			const r = resolvePeriod(period, NOW);
			const spans = { current: r.elapsed, lastYear: r.lastYear, previous: r.previous };
			for (const scope of [ALL, fx.sytScope])
				for (const days of [90, 1]) {
					const full = await adoption(h.db, scope, spans, NOW, days);
					for (const k of [1, 2, 10]) {
						const short = await adoptionShortlist(h.db, scope, spans, NOW, days, {
							ranked: k,
							silent: k,
							dormant: k
						});
						expect({ active: short.active, used: short.used, dormant: short.dormant.total }).toEqual({
							active: full.active,
							used: full.used,
							dormant: full.dormant.total
						});
						expectShortlistLists(full, short, k);
						expect(short.standings.length).toBeLessThanOrEqual(full.standings.length);
					}
				}
		}
	});

	it('is checked by summary verify and repaired by a ranged rebuild', async () => {
		await sql`update agency_first_use set n = n + 1 where ctid = (
			select ctid from agency_first_use where period_start = '2026-10-01' order by day limit 1)`.execute(h.db);
		const found = await verifyRollups(h.db);
		expect(found.map((d) => d.table)).toEqual(['agency_first_use']);
		await rebuildRollups(h.db, { from: '2026-10-05', to: '2026-10-06' });
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectEqualsRaw();
	});
});
