// Overview figures and signing-activity aggregates against the fixture province, compared with
// independent SQL counts; the officer's figures cover only the Sở Y tế subtree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { loadOverview } from '../../../src/lib/server/overview/overview';
import {
	listSigningEvents,
	signingByAgency,
	signingByChannel,
	signingByForm,
	signingSeries,
	signingTotal
} from '../../../src/lib/server/signing/activity';
import {
	resolveRange,
	signingFilterSchema,
	type SigningFilter
} from '../../../src/lib/server/signing/filter';
import { parseQuery } from '../../../src/lib/server/inventory/filters';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };
const sf = (q: Record<string, string> = {}): SigningFilter =>
	parseQuery(signingFilterSchema, new URLSearchParams(q)).value;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
});
afterAll(async () => h?.close());

async function n(q: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
	return (await q.execute(h.db)).rows[0]!.n;
}

describe('date ranges', () => {
	it('defaults to the 12 months up to today in Vietnam and caps the span at two years', () => {
		const r = resolveRange({}, NOW);
		expect(r).toMatchObject({ from: '2025-12-01', to: '2026-11-20' });
		expect(r.start.toISOString()).toBe('2025-11-30T17:00:00.000Z');
		expect(r.end.toISOString()).toBe('2026-11-20T17:00:00.000Z');
		expect(resolveRange({ from: '2026-03-01', to: '2026-01-01' }, NOW)).toMatchObject({
			from: '2026-01-01',
			to: '2026-03-01'
		});
		expect(resolveRange({ from: '2010-01-01', to: '2026-01-01' }, NOW).from).toBe('2024-01-01');
		const typed = parseQuery(
			signingFilterSchema,
			new URLSearchParams({ from: '5/3/2026', to: '31/02/2026' })
		);
		expect(typed.value.from).toBe('2026-03-05');
		expect(typed.invalid).toEqual(['to']);
	});
});

describe('signing aggregates', () => {
	const range = () => resolveRange({}, NOW);
	it('monthly series by channel add up to the total and to independent SQL', async () => {
		const r = range();
		const series = await signingSeries(h.db, ALL, sf(), r, 'month');
		const total = await signingTotal(h.db, ALL, sf(), r);
		expect(series.reduce((s, p) => s + p.n, 0)).toBe(total);
		expect(total).toBe(
			await n(
				sql<{
					n: number;
				}>`select count(*)::int as n from signing_events where signed_at >= ${r.start} and signed_at < ${r.end}`
			)
		);
		const months = new Set(series.map((p) => p.bucket));
		expect(months.size).toBe(12);
		expect([...months].sort()[0]).toBe('2025-12-01');
		const nov = await n(
			sql<{
				n: number;
			}>`select count(*)::int as n from signing_events where channel = 'qlvb' and signed_at >= '2026-11-01 00:00+07' and signed_at < ${r.end}`
		);
		expect(series.find((p) => p.bucket === '2026-11-01' && p.channel === 'qlvb')?.n).toBe(nov);
		const weeks = await signingSeries(h.db, ALL, sf(), r, 'week');
		expect(weeks.every((p) => new Date(`${p.bucket}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
	});

	it('groups by channel, form and agency of the signing certificate', async () => {
		const r = range();
		const channels = await signingByChannel(h.db, ALL, sf(), r);
		const forms = await signingByForm(h.db, ALL, sf(), r);
		const total = await signingTotal(h.db, ALL, sf(), r);
		expect(channels.reduce((s, c) => s + c.n, 0)).toBe(total);
		expect(forms.find((f) => f.key === 'org')?.n).toBe(
			await n(
				sql<{
					n: number;
				}>`select count(*)::int as n from signing_events where signing_form = 'org' and signed_at >= ${r.start} and signed_at < ${r.end}`
			)
		);
		const agencies = await signingByAgency(h.db, ALL, sf(), r);
		expect(agencies[0]!.agency_id).toBe(fx.syt); // two certificates signing every 3 and 5 days
		expect(agencies.find((a) => a.agency_id === fx.skhcn)?.n).toBe(
			await n(
				sql<{
					n: number;
				}>`select count(*)::int as n from signing_events where certificate_id = ${fx.certs.skhcnOrg} and signed_at >= ${r.start} and signed_at < ${r.end}`
			)
		);
	});

	it('keeps the officer inside Sở Y tế and honours the agency and event filters', async () => {
		const r = range();
		const syt = await signingByAgency(h.db, fx.sytScope, sf(), r);
		expect(syt.map((a) => a.agency_id).sort()).toEqual([fx.syt, fx.hospital].sort());
		const hospitalOnly = await signingTotal(h.db, ALL, sf({ agency: String(fx.hospital) }), r);
		expect(hospitalOnly).toBe(
			await n(
				sql<{
					n: number;
				}>`select count(*)::int as n from signing_events where certificate_id = ${fx.certs.doctor} and signed_at >= ${r.start} and signed_at < ${r.end}`
			)
		);
		expect(await signingTotal(h.db, fx.sytScope, sf({ certificate: String(fx.certs.skhcnOrg) }), r)).toBe(0);
		expect(await signingTotal(h.db, ALL, sf({ channel: 'dvc' }), r)).toBe(hospitalOnly);
		expect(await signingTotal(h.db, ALL, sf({ form: 'kt' }), r)).toBe(hospitalOnly);
	});

	it('pages the event list by keyset without gaps or repeats', async () => {
		const r = resolveRange({ from: '2026-10-01', to: '2026-11-20' }, NOW);
		const expected = await signingTotal(h.db, fx.sytScope, sf(), r);
		const seen = new Set<number>();
		let cursor: string | null = null;
		let lastTime = Infinity;
		do {
			const page: Awaited<ReturnType<typeof listSigningEvents>> = await listSigningEvents(
				h.db,
				fx.sytScope,
				sf(cursor ? { cursor } : {}),
				r,
				7
			);
			for (const row of page.rows) {
				expect(seen.has(row.id)).toBe(false);
				expect(row.signed_at.getTime()).toBeLessThanOrEqual(lastTime);
				lastTime = row.signed_at.getTime();
				seen.add(row.id);
				expect(row.agency_name).toMatch(/Sở Y tế thử|Bệnh viện thử/);
			}
			cursor = page.nextCursor;
		} while (cursor);
		expect(seen.size).toBe(expected);
		expect(expected).toBeGreaterThan(14);
	});
});

describe('overview', () => {
	it('matches independent counts for the province', async () => {
		const o = await loadOverview(h.db, ALL, new URLSearchParams(), NOW);
		expect(o.figures.certificates.reduce((s, r) => s + r.n, 0)).toBe(
			await n(sql<{ n: number }>`select count(*)::int as n from certificates`)
		);
		expect(o.figures.expiring).toEqual({ in30: 1, in60: 2, in90: 3 });
		expect(o.figures.openFindings.reduce((s, r) => s + r.n, 0)).toBe(3);
		expect(o.figures.tokens.find((t) => t.status === 'lost')?.n).toBe(1);
		// Read from the custody state and the devices held by nobody, as the view gives them.
		const viaView = (where: ReturnType<typeof sql>) =>
			sql<{ status: string; n: number }>`select h.status, count(*)::int as n from token_holdings h
				where ${where} group by h.status order by h.status`
				.execute(h.db)
				.then((r) => r.rows);
		// A device in stock, without custody events: held by no agency, counted for the province only.
		const spare = await h.db
			.insertInto('tokens')
			.values({ serial: 'OV-SPARE-1' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const unheld = await n(
			sql<{ n: number }>`select count(*)::int as n from token_holdings where holder_agency_id is null`
		);
		expect(unheld).toBeGreaterThan(0);
		const province = await loadOverview(h.db, ALL, new URLSearchParams(), NOW);
		expect(province.figures.tokens).toEqual(await viaView(sql`true`));
		const officer = await loadOverview(h.db, fx.sytScope, new URLSearchParams(), NOW);
		expect(officer.figures.tokens).toEqual(
			await viaView(
				sql`h.holder_agency_id in (select id from agencies where path like ${fx.sytScope.kind === 'subtree' ? fx.sytScope.path + '%' : ''})`
			)
		);
		expect(officer.figures.tokens.length).toBeGreaterThan(0);
		await h.db.deleteFrom('tokens').where('id', '=', spare.id).execute();
		// This month so far (1-20 November) against 1-20 October and 1-20 November 2025.
		const count = (from: string, to: string) =>
			n(
				sql<{
					n: number;
				}>`select count(*)::int as n from signing_events where signed_at >= ${from}::timestamptz and signed_at < ${to}::timestamptz`
			);
		expect(o.period.partial).toBe(true);
		expect(o.signed.current).toBe(await count('2026-11-01 00:00+07', '2026-11-21 00:00+07'));
		expect(o.signed.previous).toBe(await count('2026-10-01 00:00+07', '2026-10-21 00:00+07'));
		expect(o.signed.lastYear).toBe(await count('2025-11-01 00:00+07', '2025-11-21 00:00+07'));
		expect(o.signed.current).toBeGreaterThan(0);
		expect(o.expiring.map((e) => e.id)).toEqual([fx.certs.sytOrg, fx.certs.sytDirector, fx.certs.doctor]);
		expect(o.findings).toHaveLength(3);
	});

	it('shows the officer Sở Y tế only, and refuses to widen to another agency', async () => {
		const o = await loadOverview(h.db, fx.sytScope, new URLSearchParams({ agency: String(fx.skhcn) }), NOW);
		expect(o.invalid).toContain('agency');
		expect(o.filter.agency).toBeNull();
		expect(o.figures.agencies).toBe(2);
		expect(o.findings.map((f) => f.agency_name).sort()).toEqual(['Bệnh viện thử', 'Sở Y tế thử']);
		expect(o.ranking.all.map((a) => a.agency_id).sort()).toEqual([fx.syt, fx.hospital].sort());
		expect(o.adoption.active).toBe(3);
		const narrowed = await loadOverview(h.db, ALL, new URLSearchParams({ agency: String(fx.hospital) }), NOW);
		expect(narrowed.figures.certificates.reduce((s, r) => s + r.n, 0)).toBe(2);
		expect(narrowed.expiring.map((e) => e.id)).toEqual([fx.certs.doctor]);
	});
});
