// The overview's own roll-ups (migrations 2026_12_09_0100, _0110 and 2026_12_10_0100):
// signing_daily_province (the province's days without agency), certificate_monthly_use
// (certificate × month) and certificate_yearly_use (certificate × year, a bit per month), which
// must equal the months each certificate signed in over the raw events after every change below. The
// certificates' use the overview reads from them (certificateUse: active certificates per agency,
// how many signed in each span, how many are dormant) must equal counts over the raw events for
// spans that start or end mid-month, on month edges and across a year, for the province and an
// officer's subtree; also after late events, deletes, updates, a certificate moving agency and
// events of an unknown certificate being linked. `summary verify` names a planted difference in
// either table and a ranged rebuild repairs it. token_custody_state (behind token_holdings) follows
// custody events added, withdrawn, re-dated and deleted with their device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { certificateUseFromEvents } from './certificate-use-reference';
import { certificateUse, dormantByAgency } from '../../../src/lib/server/overview/adoption';
import { rebuildRollups, verifyRollups } from '../../../src/lib/server/rollups/rollups';
import { signingAggregates, signingSeries } from '../../../src/lib/server/signing/activity';
import { resolveRange } from '../../../src/lib/server/signing/filter';
import type { DaySpan } from '../../../src/lib/time/periods';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	// An active certificate of the hospital that last signed 200 days ago: dormant for 90 days.
	const c = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: 'ce'.padEnd(64, '2'),
			serial_number: '7e0002',
			issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
			subject_dn: 'CN=Phòng lâu không ký, C=VN',
			subject_cn: 'Phòng lâu không ký',
			kind: 'organisation',
			agency_id: fx.hospital,
			not_before: new Date(NOW.getTime() - 700 * 86400_000),
			not_after: new Date(NOW.getTime() + 500 * 86400_000),
			status: 'active',
			der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x7e])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db
		.insertInto('signing_events')
		.values({
			signed_at: new Date(NOW.getTime() - 200 * 86400_000),
			certificate_id: c.id,
			signing_form: 'org',
			channel: 'qlvb',
			source_system: 'test',
			source_id: 'quiet-200'
		})
		.execute();
});
afterAll(async () => h?.close());

// The fixture's events run from late September 2025 to 20/11/2026.
const SPANS: DaySpan[] = [
	{ from: '2025-10-15', to: '2026-02-10' }, // mid-month to mid-month, across the year
	{ from: '2025-09-01', to: '2026-10-31' }, // whole months over two years (the yearly table, twice)
	{ from: '2025-12-01', to: '2026-01-31' }, // one whole month in each of two years (the monthly table)
	{ from: '2026-01-01', to: '2026-06-30' }, // whole months only
	{ from: '2026-03-01', to: '2026-07-14' }, // a month's first day to mid-month
	{ from: '2026-02-05', to: '2026-02-20' }, // inside one month
	{ from: '2026-04-30', to: '2026-05-01' }, // two days astride a month edge
	{ from: '2026-11-01', to: '2026-11-20' }, // this month so far
	{ from: '2026-06-14', to: '2026-06-14' }, // one day: some certificates signed, others not
	{ from: '2025-01-01', to: '2025-03-31' } // before the first event
];
// Every certificate of the fixture signed an hour before NOW, but the one added below.
const DORMANT_SINCE = [90 * 86400_000, 300 * 86400_000, 1800_000].map((ms) => new Date(NOW.getTime() - ms));

const raw = (scope: AgencyScope, spans: DaySpan[], since: Date) =>
	certificateUseFromEvents(h.db, scope, spans, since);

async function viaRollups(scope: AgencyScope, spans: DaySpan[], since: Date): Promise<string[]> {
	const rows = await certificateUse(h.db, scope, spans, since);
	return rows
		.map((r) => [r.agency_id ?? '-', r.active, ...r.used, r.dormant].join('|'))
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "year|certificate|months" from the raw events (bit m-1 for month m, Vietnam time), and as stored. */
async function yearlyLines(): Promise<{ raw: string[]; stored: string[] }> {
	const raw = await sql<{ line: string }>`
		select concat_ws('|', y, certificate_id, bit_or(1 << (m - 1))) as line from (
			select e.certificate_id,
				extract(year from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int as y,
				extract(month from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int as m
			from signing_events e where e.certificate_id in (select id from certificates)) x
		group by y, certificate_id order by 1`.execute(h.db);
	const stored = await sql<{ line: string }>`
		select concat_ws('|', year, certificate_id, months) as line from certificate_yearly_use order by 1`.execute(
		h.db
	);
	return { raw: raw.rows.map((r) => r.line), stored: stored.rows.map((r) => r.line) };
}

async function expectYearlyEqualsRaw(): Promise<void> {
	const { raw, stored } = await yearlyLines();
	expect(stored).toEqual(raw);
}

async function expectUseEqualsRaw(): Promise<void> {
	await expectYearlyEqualsRaw();
	for (const scope of [ALL, fx.sytScope]) {
		for (const since of DORMANT_SINCE)
			expect(await viaRollups(scope, SPANS, since)).toEqual(await raw(scope, SPANS, since));
		// Each span alone too (a span of whole months only, read from the monthly table alone).
		for (const span of SPANS)
			expect(await viaRollups(scope, [span], DORMANT_SINCE[0]!)).toEqual(
				await raw(scope, [span], DORMANT_SINCE[0]!)
			);
	}
}

describe("the overview's roll-ups", () => {
	it('hold the fixture, and the certificates used in each span equal the raw events', async () => {
		const months = await h.db
			.selectFrom('certificate_monthly_use')
			.select(sql<number>`sum(n)::int`.as('n'))
			.executeTakeFirstOrThrow();
		const days = await h.db
			.selectFrom('signing_daily_province')
			.select(sql<number>`sum(n)::int`.as('n'))
			.executeTakeFirstOrThrow();
		const events = await sql<{ n: number; known: number }>`
			select count(*)::int as n, count(certificate_id)::int as known from signing_events`.execute(h.db);
		expect(days.n).toBe(events.rows[0]!.n);
		expect(months.n).toBe(events.rows[0]!.known);
		expect(await verifyRollups(h.db)).toEqual([]);
		// The yearly table holds both years of the fixture, some certificates in several months.
		const { stored } = await yearlyLines();
		expect(new Set(stored.map((l) => l.split('|')[0]))).toEqual(new Set(['2025', '2026']));
		expect(stored.some((l) => Number(l.split('|')[2]) > 1 && (Number(l.split('|')[2]) & 1) === 1)).toBe(true);
		const lines = await raw(ALL, SPANS, DORMANT_SINCE[0]!);
		// Not a vacuous comparison: some certificates signed in some spans and not in others.
		expect(
			lines.some((l) =>
				l
					.split('|')
					.slice(2, -1)
					.some((n) => n !== '0')
			)
		).toBe(true);
		expect(lines.some((l) => l.split('|').slice(2, -1).includes('0'))).toBe(true);
		expect(lines.some((l) => l.split('|').at(-1) !== '0')).toBe(true);
		await expectUseEqualsRaw();
	});

	it("answer the province's series by day and by week from the days without agency, as the raw events do", async () => {
		const r = resolveRange({ from: '2026-01-20', to: '2026-03-10' });
		for (const bucket of ['day', 'week'] as const) {
			const { rows } = await sql<{ line: string }>`
				select concat_ws('|', to_char(date_trunc(${sql.lit(bucket)}, e.signed_at), 'YYYY-MM-DD'), e.channel, count(*)) as line
				from signing_events e where e.signed_at >= ${r.start} and e.signed_at < ${r.end}
				group by date_trunc(${sql.lit(bucket)}, e.signed_at), e.channel order by 1`.execute(h.db);
			const lines = (points: { bucket: string; channel: string; n: number }[]) =>
				points.map((p) => `${p.bucket}|${p.channel}|${p.n}`).sort();
			expect(rows.length).toBeGreaterThan(0);
			expect(lines(await signingSeries(h.db, ALL, { bucket }, r, bucket))).toEqual(rows.map((x) => x.line));
			expect(lines((await signingAggregates(h.db, ALL, { bucket }, r, bucket)).series)).toEqual(
				rows.map((x) => x.line)
			);
		}
	});

	it('list the dormant certificates per agency, most first', () => {
		const rows = [
			{ agency_id: 1, agency_name: 'A', active: 3, used: [], dormant: 1 },
			{ agency_id: 2, agency_name: 'B', active: 3, used: [], dormant: 0 },
			{ agency_id: 3, agency_name: 'C', active: 3, used: [], dormant: 2 },
			{ agency_id: null, agency_name: null, active: 1, used: [], dormant: 1 }
		];
		expect(dormantByAgency(rows)).toEqual({
			total: 4,
			byAgency: [
				{ agency_id: 3, agency_name: 'C', n: 2 },
				{ agency_id: 1, agency_name: 'A', n: 1 },
				{ agency_id: null, agency_name: null, n: 1 }
			]
		});
	});

	it('stay exact after late events, deletes, updates and a certificate moving agency', async () => {
		await h.db
			.insertInto('signing_events')
			.values(
				[3, 17, 31].map((d) => ({
					signed_at: new Date(`2025-10-${String(d).padStart(2, '0')}T23:30:00+07:00`),
					certificate_id: fx.certs.skhcnOrg,
					signing_form: 'org' as const,
					channel: 'portal' as const,
					source_system: 'test',
					source_id: `late-${d}`
				}))
			)
			.execute();
		// Every event of one certificate in February: its month row must go, not stay at zero.
		await sql`delete from signing_events where certificate_id = ${fx.certs.sytOrg} and signed_at >= '2026-02-01 00:00+07' and signed_at < '2026-03-01 00:00+07'`.execute(
			h.db
		);
		// Events moved to another certificate and another day.
		await sql`update signing_events set certificate_id = ${fx.certs.doctor}, signed_at = signed_at - interval '3 days', channel = 'email' where certificate_id = ${fx.certs.sytDirector} and signed_at >= '2026-04-20 00:00+07' and signed_at < '2026-05-05 00:00+07'`.execute(
			h.db
		);
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectUseEqualsRaw();
		await h.db
			.updateTable('certificates')
			.set({ agency_id: fx.skhcn })
			.where('id', '=', fx.certs.doctor)
			.execute();
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectUseEqualsRaw();
	});

	it('count events of an unknown certificate once they are linked to it', async () => {
		await h.db
			.insertInto('signing_events')
			.values({
				signed_at: new Date('2026-06-10T09:00:00+07:00'),
				certificate_id: null,
				certificate_ref: 'unknown-serial-1',
				document_agency_id: fx.skhcn,
				signing_form: 'org',
				channel: 'qlvb',
				source_system: 'test',
				source_id: 'unknown-1'
			})
			.execute();
		expect(await verifyRollups(h.db)).toEqual([]);
		await sql`update signing_events set certificate_id = ${fx.certs.skhcnDirector} where source_id = 'unknown-1'`.execute(
			h.db
		);
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectUseEqualsRaw();
	});

	it('are checked by summary verify and repaired by a ranged rebuild', async () => {
		await sql`update signing_daily_province set n = n + 2 where ctid = (
			select ctid from signing_daily_province where day >= '2026-03-01' and day <= '2026-03-31' order by day limit 1)`.execute(
			h.db
		);
		await sql`delete from certificate_monthly_use where month = '2026-05-01' and certificate_id = ${fx.certs.doctor}`.execute(
			h.db
		);
		await sql`update certificate_yearly_use set months = months # 4 where year = 2026 and certificate_id = ${fx.certs.skhcnOrg}`.execute(
			h.db
		);
		const found = await verifyRollups(h.db);
		expect(found.map((d) => d.table).sort()).toEqual([
			'certificate_monthly_use',
			'certificate_yearly_use',
			'signing_daily_province'
		]);
		expect(found.find((d) => d.table === 'certificate_yearly_use')!.key).toBe(`2026|${fx.certs.skhcnOrg}`);
		// A verify of a day of 2025 does not see 2026's year; one of 2026 does.
		expect(
			(await verifyRollups(h.db, { from: '2025-12-20', to: '2025-12-20' })).map((d) => d.table)
		).not.toContain('certificate_yearly_use');
		expect(
			(await verifyRollups(h.db, { from: '2026-01-20', to: '2026-01-20' })).map((d) => d.table)
		).toContain('certificate_yearly_use');
		expect(found.find((d) => d.table === 'certificate_monthly_use')!.key).toBe(
			`2026-05-01|${fx.certs.doctor}`
		);
		// A verify of one day of May sees the month's difference; one of April sees neither.
		expect(
			(await verifyRollups(h.db, { from: '2026-05-20', to: '2026-05-20' })).map((d) => d.table)
		).toContain('certificate_monthly_use');
		expect((await verifyRollups(h.db, { from: '2026-04-01', to: '2026-04-30' })).map((d) => d.table)).toEqual(
			['certificate_yearly_use']
		);
		// A one-day rebuild of May repairs the month and the year; March's difference stays until its own rebuild.
		await rebuildRollups(h.db, { from: '2026-05-20', to: '2026-05-20' });
		expect((await verifyRollups(h.db)).map((d) => d.table)).toEqual(['signing_daily_province']);
		await rebuildRollups(h.db, { from: '2026-03-01', to: '2026-03-31' });
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectUseEqualsRaw();
	});

	it("keep each device's custody state as its events give it, for token_holdings", async () => {
		const holding = async (id: number) =>
			h.db.selectFrom('token_holdings').selectAll().where('token_id', '=', id).executeTakeFirstOrThrow();
		expect(await holding(fx.tokens.syt2)).toMatchObject({ status: 'lost', holder_agency_id: fx.syt });
		const at = (days: number) => new Date(NOW.getTime() - days * 86400_000);
		// Locked: the holder stays; an event older than the latest changes nothing; handed to the hospital.
		await h.db
			.insertInto('token_custody_events')
			.values([
				{ token_id: fx.tokens.syt1, event: 'locked', occurred_at: at(2), agency_id: fx.syt },
				{ token_id: fx.tokens.bv1, event: 'handed_over', occurred_at: at(500), agency_id: fx.skhcn },
				{ token_id: fx.tokens.kh1, event: 'handed_over', occurred_at: at(1), agency_id: fx.hospital }
			])
			.execute();
		expect(await holding(fx.tokens.syt1)).toMatchObject({ status: 'locked', holder_agency_id: fx.syt });
		expect(await holding(fx.tokens.bv1)).toMatchObject({ status: 'issued', holder_agency_id: fx.hospital });
		expect(await holding(fx.tokens.kh1)).toMatchObject({ status: 'issued', holder_agency_id: fx.hospital });
		// The loss is withdrawn; an event is dated anew; a device goes with its events.
		await sql`delete from token_custody_events where token_id = ${fx.tokens.syt2} and event = 'lost'`.execute(
			h.db
		);
		await sql`update token_custody_events set occurred_at = ${at(600)} where token_id = ${fx.tokens.kh1} and occurred_at = ${at(1)}`.execute(
			h.db
		);
		const gone = await h.db
			.insertInto('tokens')
			.values({ serial: 'TK-TMP-0001' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('token_custody_events')
			.values({ token_id: gone.id, event: 'received', occurred_at: at(3), agency_id: fx.skhcn })
			.execute();
		await h.db.deleteFrom('tokens').where('id', '=', gone.id).execute();
		expect(await holding(fx.tokens.syt2)).toMatchObject({ status: 'issued', holder_agency_id: fx.syt });
		expect(await holding(fx.tokens.kh1)).toMatchObject({ status: 'issued', holder_agency_id: fx.skhcn });
		expect(await verifyRollups(h.db)).toEqual([]);
		// A planted difference is named, and a rebuild repairs it.
		await sql`update token_custody_state set holder_agency_id = ${fx.root} where token_id = ${fx.tokens.bv1}`.execute(
			h.db
		);
		expect((await verifyRollups(h.db)).map((d) => [d.table, d.key])).toEqual([
			['token_custody_state', String(fx.tokens.bv1)]
		]);
		await rebuildRollups(h.db, { from: '2026-11-01', to: '2026-11-30' });
		expect(await verifyRollups(h.db)).toEqual([]);
	});
});
