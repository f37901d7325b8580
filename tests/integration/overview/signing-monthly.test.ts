// The signing aggregates read the monthly roll-ups for the whole months of a range and the daily
// summary for the partial months at its ends (summary-source.ts). Whatever the cut, they must count
// what the raw events count: ranges starting and ending mid-month, on month edges, across a year,
// inside one month; for the province, an officer's subtree, an agency filter and the summary's own
// filters; and after late events in an old month, deletes, updates and a certificate moving agency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, type Fixture } from '../inventory/fixtures';
import { signingAggregates } from '../../../src/lib/server/signing/activity';
import { splitByMonth } from '../../../src/lib/server/signing/summary-source';
import { agencyStandings } from '../../../src/lib/server/overview/adoption';
import {
	resolveRange,
	signingFilterSchema,
	type DayRange,
	type SigningFilter
} from '../../../src/lib/server/signing/filter';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { verifyRollups } from '../../../src/lib/server/rollups/rollups';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };
const sf = (q: Record<string, string> = {}): SigningFilter =>
	parseQuery(signingFilterSchema, new URLSearchParams(q)).value;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	// The fixture's month is kept by agency_standing (2026_12_14_0100): the province's agencies over
	// the twelve months to its last event are ranked from the standings, kept through every change below.
	await sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(h.db);
});
afterAll(async () => h?.close());

// The fixture's events run from late September 2025 to 20/11/2026.
const RANGES: [string, string][] = [
	['2025-10-15', '2026-02-10'], // mid-month to mid-month, across the year
	['2025-12-17', '2026-03-31'], // mid-month to a month's end, across the year
	['2026-01-01', '2026-06-30'], // whole months only
	['2026-03-01', '2026-07-14'], // a month's first day to mid-month
	['2026-02-05', '2026-02-20'], // inside one month
	['2026-04-30', '2026-05-01'], // two days astride a month edge
	['2025-09-01', '2026-11-20'], // the whole fixture
	// No event after the last day in its month: that month's monthly rows answer (tailClosed).
	['2026-10-01', '2026-11-25'],
	['2026-08-10', '2026-11-20'],
	// /ky-so's default on 20/11/2026: the twelve months to today, ranked from agency_standing.
	['2025-12-01', '2026-11-20']
];

interface Raw {
	total: number;
	series: string[];
	byChannel: string[];
	byForm: string[];
	byAgency: string[];
}

/** The same figures counted from signing_events, independently of any roll-up. */
async function raw(scope: AgencyScope, f: SigningFilter, r: DayRange): Promise<Raw> {
	const conds = [sql`e.signed_at >= ${r.start}`, sql`e.signed_at < ${r.end}`];
	if (scope.kind === 'subtree')
		conds.push(sql`c.agency_id in (select id from agencies where path like ${scope.path + '%'})`);
	if (f.agency)
		conds.push(
			sql`c.agency_id in (select id from agencies where path like (select path from agencies where id = ${f.agency}) || '%')`
		);
	if (f.channel) conds.push(sql`e.channel = ${f.channel}`);
	if (f.form) conds.push(sql`e.signing_form = ${f.form}`);
	if (f.classification) conds.push(sql`e.classification = ${f.classification}`);
	const where = sql.join(conds, sql` and `);
	const lines = async (cols: string) =>
		(
			await sql<{ line: string }>`
				select concat_ws('|', ${sql.raw(cols)}, count(*)) as line
				from signing_events e left join certificates c on c.id = e.certificate_id
				where ${where} group by ${sql.raw(cols)} order by 1`.execute(h.db)
		).rows.map((x) => x.line);
	const total = await sql<{ n: number }>`
		select count(*)::int as n from signing_events e left join certificates c on c.id = e.certificate_id
		where ${where}`.execute(h.db);
	return {
		total: total.rows[0]!.n,
		series: await lines(`to_char(date_trunc('month', e.signed_at), 'YYYY-MM-DD'), e.channel`),
		byChannel: await lines('e.channel'),
		byForm: await lines('e.signing_form'),
		byAgency: await lines('c.agency_id')
	};
}

async function viaRollups(scope: AgencyScope, f: SigningFilter, r: DayRange): Promise<Raw> {
	const a = await signingAggregates(h.db, scope, f, r, 'month', 50);
	const sorted = (xs: string[]) => [...xs].sort();
	return {
		total: a.total,
		series: sorted(a.series.map((p) => `${p.bucket}|${p.channel}|${p.n}`)),
		byChannel: sorted(a.byChannel.map((p) => `${p.key}|${p.n}`)),
		byForm: sorted(a.byForm.map((p) => `${p.key}|${p.n}`)),
		byAgency: sorted(a.byAgency.map((p) => `${p.agency_id}|${p.n}`))
	};
}

const sortedRaw = (x: Raw): Raw => ({
	total: x.total,
	series: [...x.series].sort(),
	byChannel: [...x.byChannel].sort(),
	byForm: [...x.byForm].sort(),
	byAgency: [...x.byAgency].sort()
});

async function expectAllEqualRaw(): Promise<void> {
	const cases: [string, AgencyScope, Record<string, string>][] = [
		['province', ALL, {}],
		['officer', fx.sytScope, {}],
		['agency filter', ALL, { agency: String(fx.hospital) }],
		['province, channel', ALL, { channel: 'qlvb' }],
		['officer, form', fx.sytScope, { form: 'own' }],
		['province, classification', ALL, { classification: 'confidential' }]
	];
	for (const [from, to] of RANGES) {
		const r = resolveRange({ from, to });
		for (const [name, scope, q] of cases) {
			const f = sf(q);
			const expected = sortedRaw(await raw(scope, f, r));
			expect({ name, from, to, ...(await viaRollups(scope, f, r)) }).toEqual({ name, from, to, ...expected });
		}
		// The overview's agencies ranked: documents signed per agency over the same span.
		const standings = await agencyStandings(h.db, ALL, { from, to });
		const perAgency = new Map(
			(await raw(ALL, sf(), r)).byAgency.map((l) => l.split('|') as [string, string])
		);
		for (const s of standings) expect(s.signed).toBe(Number(perAgency.get(String(s.agency_id)) ?? 0));
	}
}

describe('month split', () => {
	it('cuts a range into whole months and the days at its ends', () => {
		expect(splitByMonth({ from: '2025-10-15', to: '2026-02-10' })).toEqual({
			months: { from: '2025-11-01', to: '2026-01-01' },
			days: [
				{ from: '2025-10-15', to: '2025-10-31' },
				{ from: '2026-02-01', to: '2026-02-10' }
			]
		});
		expect(splitByMonth({ from: '2026-01-01', to: '2026-06-30' })).toEqual({
			months: { from: '2026-01-01', to: '2026-06-01' },
			days: []
		});
		expect(splitByMonth({ from: '2024-02-01', to: '2024-02-29' })).toEqual({
			months: { from: '2024-02-01', to: '2024-02-01' },
			days: []
		});
		expect(splitByMonth({ from: '2026-02-05', to: '2026-02-20' })).toEqual({
			months: null,
			days: [{ from: '2026-02-05', to: '2026-02-20' }]
		});
		expect(splitByMonth({ from: '2026-04-30', to: '2026-05-01' })).toEqual({
			months: null,
			days: [{ from: '2026-04-30', to: '2026-05-01' }]
		});
		// Nothing after `to` in its month: that month is read whole; a partial first month is not.
		expect(splitByMonth({ from: '2025-10-15', to: '2026-02-10' }, true)).toEqual({
			months: { from: '2025-11-01', to: '2026-02-01' },
			days: [{ from: '2025-10-15', to: '2025-10-31' }]
		});
		expect(splitByMonth({ from: '2026-02-05', to: '2026-02-20' }, true)).toEqual({
			months: null,
			days: [{ from: '2026-02-05', to: '2026-02-20' }]
		});
	});
});

describe('monthly signing roll-ups', () => {
	it('hold the fixture and answer every range as the raw events do', async () => {
		const months = await h.db
			.selectFrom('signing_monthly_summary')
			.select(sql<number>`sum(n)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(months.n).toBeGreaterThan(0);
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectAllEqualRaw();
	});

	it('stay exact after late events in an old month, deletes and updates', async () => {
		// Late events of October 2025 (classified, by portal), in one statement.
		await h.db
			.insertInto('signing_events')
			.values(
				[3, 17, 31].map((d) => ({
					signed_at: new Date(`2025-10-${String(d).padStart(2, '0')}T23:30:00+07:00`),
					certificate_id: fx.certs.doctor,
					acting_person_id: fx.people.doctor,
					signing_form: 'own' as const,
					channel: 'portal' as const,
					classification: 'confidential' as const,
					document_number: `late-${d}`,
					source_system: 'test',
					source_id: `late-${d}`
				}))
			)
			.execute();
		await sql`delete from signing_events where certificate_id = ${fx.certs.sytOrg} and signed_at >= '2026-01-10 00:00+07' and signed_at < '2026-03-05 00:00+07'`.execute(
			h.db
		);
		await sql`update signing_events set channel = 'email', signing_form = 'kt' where certificate_id = ${fx.certs.sytDirector} and signed_at >= '2025-12-20 00:00+07' and signed_at < '2026-01-12 00:00+07'`.execute(
			h.db
		);
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectAllEqualRaw();
	});

	it("rank the province's agencies over the twelve months from agency_standing (a planted count shows)", async () => {
		const r = resolveRange({ from: '2025-12-01', to: '2026-11-20' });
		const before = await signingAggregates(h.db, ALL, sf(), r, 'month', 3);
		const [first] = before.byAgency;
		await sql`update agency_standing set window_signed = window_signed + 1000
			where months = 1 and period_start = '2026-11-01' and agency_id = ${first!.agency_id}`.execute(h.db);
		const planted = await signingAggregates(h.db, ALL, sf(), r, 'month', 3);
		expect(planted.byAgency[0]).toEqual({ ...first, n: first!.n + 1000 });
		expect((await verifyRollups(h.db)).map((d) => d.table)).toEqual(['agency_standing']);
		await sql`select agency_standing_rebuild()`.execute(h.db);
		expect((await signingAggregates(h.db, ALL, sf(), r, 'month', 3)).byAgency).toEqual(before.byAgency);
	});

	it('follow a certificate moving agency, and back within a transaction', async () => {
		const { agency_id: home } = await h.db
			.selectFrom('certificates')
			.select('agency_id')
			.where('id', '=', fx.certs.doctor)
			.executeTakeFirstOrThrow();
		await h.db
			.updateTable('certificates')
			.set({ agency_id: fx.skhcn })
			.where('id', '=', fx.certs.doctor)
			.execute();
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectAllEqualRaw();
		await h.db.transaction().execute(async (trx) => {
			await trx
				.updateTable('certificates')
				.set({ agency_id: home })
				.where('id', '=', fx.certs.doctor)
				.execute();
			await trx
				.updateTable('certificates')
				.set({ agency_id: fx.hospital })
				.where('id', '=', fx.certs.sytDirector)
				.execute();
		});
		expect(await verifyRollups(h.db)).toEqual([]);
		await expectAllEqualRaw();
	});
});
