// The signing page's aggregates read in one pass (grouping sets over the roll-ups) give what the
// five separate queries give, and those equal counts of the raw events, for the province and a scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import {
	signingAggregates,
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
const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));
const bySeries = <T extends { bucket: string; channel: string }>(rows: T[]) =>
	[...rows].sort((a, b) => (a.bucket + a.channel).localeCompare(b.bucket + b.channel));

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
});
afterAll(async () => h?.close());

describe('signing aggregates in one read', () => {
	const cases: [string, () => AgencyScope, Record<string, string>][] = [
		['the province', () => ALL, {}],
		[
			'the province, mid-month to mid-month across a year',
			() => ALL,
			{ from: '2025-10-15', to: '2026-02-10' }
		],
		[
			'an officer scope, mid-month across a year',
			() => fx.sytScope,
			{ from: '2025-12-17', to: '2026-03-31' }
		],
		['an officer scope', () => fx.sytScope, {}],
		['an agency filter and a channel', () => ALL, { agency: '0', channel: 'qlvb' }],
		['a certificate filter (the events answer)', () => ALL, { certificate: '0' }]
	];
	for (const [name, scopeOf, query] of cases) {
		it(`equals the separate queries for ${name}`, async () => {
			const q = { ...query };
			if (q.agency) q.agency = String(fx.hospital);
			if (q.certificate) q.certificate = String(fx.certs.doctor);
			const f = sf(q);
			const scope = scopeOf();
			const r = resolveRange(f, NOW);
			for (const bucket of ['month', 'week', 'day'] as const) {
				const one = await signingAggregates(h.db, scope, f, r, bucket, 20);
				expect(bySeries(one.series)).toEqual(bySeries(await signingSeries(h.db, scope, f, r, bucket)));
				expect(byKey(one.byChannel)).toEqual(byKey(await signingByChannel(h.db, scope, f, r)));
				expect(byKey(one.byForm)).toEqual(byKey(await signingByForm(h.db, scope, f, r)));
				expect(one.byAgency).toEqual(await signingByAgency(h.db, scope, f, r, 20));
				expect(one.total).toBe(await signingTotal(h.db, scope, f, r));
				// Series points come in bucket order, the ranked lists largest first.
				expect(one.series.map((p) => p.bucket)).toEqual(one.series.map((p) => p.bucket).sort());
				expect(one.byChannel.map((c) => c.n)).toEqual(one.byChannel.map((c) => c.n).sort((a, b) => b - a));
			}
		});
	}

	it('counts what the raw events count, and keeps the agency limit', async () => {
		const r = resolveRange({}, NOW);
		const one = await signingAggregates(h.db, ALL, sf(), r, 'month', 1);
		const raw = await sql<{ n: number }>`
			select count(*)::int as n from signing_events
			where signed_at >= ${r.start} and signed_at < ${r.end}`.execute(h.db);
		expect(one.total).toBeGreaterThan(0);
		expect(one.total).toBe(raw.rows[0]!.n);
		expect(one.series.reduce((s, p) => s + p.n, 0)).toBe(one.total);
		expect(one.byAgency).toHaveLength(1);
		const empty = await signingAggregates(
			h.db,
			ALL,
			sf(),
			resolveRange({ from: '2001-01-01', to: '2001-01-31' }),
			'month'
		);
		expect(empty).toEqual({ series: [], byChannel: [], byForm: [], byAgency: [], total: 0 });
	});
});
