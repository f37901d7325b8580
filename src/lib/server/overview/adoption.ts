// Adoption of digital signing, read from the roll-ups the triggers keep (certificate_daily_use,
// certificate_monthly_use, certificate_yearly_use, certificate_last_use, the signing summaries), never from the raw
// events: how many of today's active certificates signed in a span, which have been dormant for N
// days (90 by default, the setting overview.dormant), and each agency's standing (active
// certificates, how many of them signed, documents signed).
import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { summaryRows } from '../signing/summary-source';
import { usedIn } from './certificates-used-in';
import type { DaySpan } from '../../time/periods';
import { DAY_MS, lastDayOfMonth, startOfVietnamDay, vietnamDay } from '../../time/vietnam';

/** A certificate is dormant when it has been valid this long and signed nothing in it (the default). */
export const DORMANT_DAYS = 90;

export interface CertificateUseRow {
	/** Null for certificates held by no agency (the province's view only). */
	agency_id: number | null;
	agency_name: string | null;
	/** Today's active certificates. */
	active: number;
	/** Of those, how many signed in each span asked for, in order. */
	used: number[];
	/** Of those, valid since `dormantSince` at least and without a signature since then. */
	dormant: number;
}

/**
 * The length in months (1, 3, 6, 12) of the shortest period that starts on the span's first day
 * and holds its last: agency_first_use answers the span for it. Null when the span does not start
 * a month, or runs past the year it starts in.
 */
export function firstUsePeriod(span: DaySpan): number | null {
	const [y, m, d] = span.from.split('-').map(Number) as [number, number, number];
	if (d !== 1 || span.to < span.from) return null;
	for (const months of [1, 3, 6, 12])
		if ((m - 1) % months === 0 && span.to <= lastDayOfMonth(y, m + months - 1)) return months;
	return null;
}

/** agency_first_use's rows (alias f) that count toward a span starting a period of `months`. */
const inSpan = (r: { months: number; span: DaySpan }) =>
	sql`(f.months = ${sql.lit(r.months)} and f.period_start = ${r.span.from}::date and f.day <= ${r.span.to}::date)`;

/** agency_first_use's rows (alias f) in scope; agency 0 (certificates held by none) only in the province's. */
const firstsInScope = (scope: AgencyScope) =>
	scope.kind === 'all'
		? sql`true`
		: sql`f.agency_id in (select id from agencies where path like ${scope.path + '%'})`;

/**
 * Per agency (0: none) in scope, its active certificates valid since `since` at least that have
 * not signed since: from agency_last_use, the active certificates whose last day of signing is
 * before `since`'s day or never (the dormant ones: a small part of the table, index-only); those
 * whose last signature fell on that day but before `since` itself (one day's certificates, read
 * one by one); less the active certificates valid only after `since` that have not signed since
 * (the newest few, through their partial index).
 */
export function dormantPerAgency(scope: AgencyScope, since: Date): RawBuilder<unknown> {
	const day = vietnamDay(since);
	const mine = inScope(scope, sql.ref('c.agency_id'));
	return sql`select x.agency_id, sum(x.n)::int as n from (
			select f.agency_id, f.n from agency_last_use f where f.day < ${day}::date and ${firstsInScope(scope)}
			union all
			select coalesce(c.agency_id, 0), 1 from certificate_last_use l join certificates c on c.id = l.certificate_id
			where l.n > 0 and l.last_signed_at >= ${startOfVietnamDay(day)} and l.last_signed_at < ${since}
				and c.status = 'active' and ${mine}
			union all
			-- A subquery per certificate: a join would hash every certificate's last use.
			select coalesce(c.agency_id, 0), -1 from certificates c
			where c.status = 'active' and c.not_before > ${since} and ${mine}
				and coalesce((select l.last_signed_at from certificate_last_use l
					where l.certificate_id = c.id and l.n > 0), '-infinity') < ${since}
		) x group by 1`;
}

/**
 * How many of today's active certificates in scope signed in each span, in all (the overview's
 * comparisons, which are not shown per agency): summed from agency_first_use for the spans that
 * start a period, counted over the active certificates for the others.
 */
export async function certificatesUsed(
	db: Kysely<Database>,
	scope: AgencyScope,
	spans: DaySpan[]
): Promise<number[]> {
	if (spans.length === 0) return [];
	const periods = spans.map(firstUsePeriod);
	const rolled = spans.flatMap((s, i) => (periods[i] ? [{ i, months: periods[i], span: s }] : []));
	const rest = spans.flatMap((s, i) => (periods[i] ? [] : [{ i, span: s }]));
	const cells = spans.map((_, i) => {
		const r = rolled.find((x) => x.i === i);
		if (r)
			return sql`(select coalesce(sum(f.n), 0)::int from agency_first_use f where ${inSpan(r)} and ${firstsInScope(scope)})`;
		const j = rest.findIndex((x) => x.i === i);
		return sql`(select count(*) filter (where u.spans & ${sql.lit(1 << j)} <> 0)::int
			from certificates c join used u on u.certificate_id = c.id
			where c.status = 'active' and ${inScope(scope, sql.ref('c.agency_id'))})`;
	});
	const { rows } = await sql<{ used: number[] }>`
		${
			rest.length
				? sql`with used as (${usedIn(
						rest.map((r) => r.span),
						scope
					)})`
				: sql``
		}
		select array[${sql.join(cells)}] as used`.execute(db);
	return rows[0]!.used.map(Number);
}

/**
 * One row per agency in scope holding active certificates (agency_id null: held by none):
 * agency_id, active, dormant (0 without `dormantSince`), used_0… for the spans, and with `signed`
 * (rows of agency_id and signed) its documents as `signed`. Names are the caller's to join (only
 * for the rows it keeps). Every source contributes rows of the same columns to one union summed
 * per agency: no join between the sources (the planner misjudged their sizes by 10 to 200× and
 * sorted them for merge joins).
 */
export function useSource(
	scope: AgencyScope,
	spans: DaySpan[],
	dormantSince: Date | null,
	signed?: OperationNodeSource
): RawBuilder<unknown> {
	const periods = spans.map(firstUsePeriod);
	const rolled = spans.flatMap((s, i) => (periods[i] ? [{ i, months: periods[i], span: s }] : []));
	const rest = spans.flatMap((s, i) => (periods[i] ? [] : [{ i, span: s }]));
	const restBit = new Map(rest.map((r, j) => [r.i, 1 << j]));
	const rolledOf = new Map(rolled.map((r) => [r.i, r]));
	const zeros = (except: (i: number) => RawBuilder<unknown> | null) =>
		sql.join(
			spans.map((_, i) => sql`${except(i) ?? sql`0`} as ${sql.ref(`used_${i}`)}`),
			sql`, `
		);
	const parts: RawBuilder<unknown>[] = [
		rest.length
			? sql`select coalesce(c.agency_id, 0) as key, 1 as active, 0 as dormant, 0 as signed, ${zeros((i) => {
					const bit = restBit.get(i);
					return bit ? sql`case when u.spans & ${sql.lit(bit)} <> 0 then 1 else 0 end` : null;
				})}
				from certificates c left join used u on u.certificate_id = c.id
				where c.status = 'active' and ${inScope(scope, sql.ref('c.agency_id'))}`
			: // Every span from agency_first_use: the active certificates are counted per agency by
				// agency_active_certificates (one row per agency, not one per certificate).
				sql`select t.agency_id as key, t.n as active, 0 as dormant, 0 as signed, ${zeros(() => null)}
				from agency_active_certificates t where t.n > 0 and ${inScope(scope, sql.ref('t.agency_id'))}`
	];
	if (rolled.length)
		parts.push(sql`select f.agency_id, 0, 0, 0, ${zeros((i) => {
			const r = rolledOf.get(i);
			return r ? sql`case when ${inSpan(r)} then f.n else 0 end` : null;
		})}
			from agency_first_use f
			where (${sql.join(rolled.map(inSpan), sql` or `)}) and ${firstsInScope(scope)}`);
	if (dormantSince)
		parts.push(sql`select d.agency_id, 0, d.n, 0, ${zeros(() => null)}
			from (${dormantPerAgency(scope, dormantSince)}) d`);
	if (signed) parts.push(sql`select d.agency_id, 0, 0, d.signed, ${zeros(() => null)} from (${signed}) d`);
	return sql`
		${
			rest.length
				? sql`with used as (${usedIn(
						rest.map((r) => r.span),
						scope
					)})`
				: sql``
		}
		select nullif(x.key, 0) as agency_id, sum(x.active)::int as active, sum(x.dormant)::int as dormant,
			sum(x.signed)::int as signed ${sql.join(
				spans.map((_, i) => sql`, sum(${sql.ref(`x.used_${i}`)})::int as ${sql.ref(`used_${i}`)}`),
				sql``
			)}
		from (${sql.join(parts, sql` union all `)}) x
		group by x.key having sum(x.active) > 0`;
}

/**
 * Today's active certificates in scope per agency: how many, how many of them signed in each
 * span, and how many are dormant (valid since `dormantSince` and no signature since,
 * dormantPerAgency; 0 without `dormantSince`).
 *
 * A span that starts a month, quarter, half-year or year (the overview's three spans for any
 * preset period, and a custom range starting on a month's first day within its year) is summed
 * from agency_first_use: a few rows per agency. Any other span is read per certificate from the
 * use roll-ups (usedIn) and joined to the active certificates.
 */
export async function certificateUse(
	db: Kysely<Database>,
	scope: AgencyScope,
	spans: DaySpan[],
	dormantSince: Date | null
): Promise<CertificateUseRow[]> {
	const fields = [
		'u.agency_id',
		'a.name',
		'u.active',
		'u.dormant',
		...spans.map((_, i) => `u.used_${i}`)
	].map((f) => sql.ref(f));
	const { rows } = await sql<{ rows: string }>`
		select coalesce(json_agg(json_build_array(${sql.join(fields)}) order by a.name, u.agency_id), '[]')::text as rows
		from (${useSource(scope, spans, dormantSince)}) u left join agencies a on a.id = u.agency_id`.execute(db);
	// One JSON array, not a row per agency: 23,212 rows cost Node ≈ 40 ms of parsing at --scale 50.
	const parsed = JSON.parse(rows[0]!.rows) as [
		number | null,
		string | null,
		number,
		number,
		...(number | null)[]
	][];
	return parsed.map(([agency_id, agency_name, active, dormant, ...used]) => ({
		agency_id,
		agency_name,
		active,
		used: used.map((n) => n ?? 0),
		dormant
	}));
}

export interface AgencyTally {
	agency_id: number | null;
	agency_name: string | null;
	n: number;
}

/** Dormant certificates per agency, most first (then by name, as the rows come), and their total. */
export function dormantByAgency(rows: CertificateUseRow[]): { total: number; byAgency: AgencyTally[] } {
	const byAgency = rows
		.filter((r) => r.dormant > 0)
		.map((r) => ({ agency_id: r.agency_id, agency_name: r.agency_name, n: r.dormant }))
		.sort((a, b) => b.n - a.n);
	return { total: byAgency.reduce((s, r) => s + r.n, 0), byAgency };
}

export interface AgencyStanding {
	agency_id: number;
	agency_name: string;
	/** Active certificates held today. */
	active: number;
	/** Of those, how many signed in the span. */
	used: number;
	/** Documents signed in the span (monthly and daily summaries, by the signing certificate's agency). */
	signed: number;
}

/**
 * (agency_id, signed) per agency: documents signed in the span, monthly totals for its whole
 * months, daily rows for the rest; with `tailClosed` (no event of the span's last month after its
 * last day: activity.ts's tailClosed) that month's totals too.
 */
export const documentsPerAgency = (
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan,
	tailClosed = false
) =>
	summaryRows(db, scope, { bucket: 'month' }, span, { byAgency: true, agencyTotals: true, tailClosed })
		.select(['s.agency_id', sql<number>`sum(s.n)::int`.as('signed')])
		.where('s.agency_id', 'is not', null)
		.groupBy('s.agency_id');

/** Documents signed per agency in the span: monthly totals for its whole months, daily rows for the rest. */
async function documentsByAgency(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan
): Promise<Map<number, number>> {
	const perAgency = documentsPerAgency(db, scope, span);
	// One JSON array of [agency, documents] pairs rather than a row each (18,414 at --scale 50).
	const { pairs } = await db
		.selectFrom(perAgency.as('d'))
		.select(sql<string>`coalesce(json_agg(json_build_array(d.agency_id, d.signed)), '[]')::text`.as('pairs'))
		.executeTakeFirstOrThrow();
	return new Map(JSON.parse(pairs) as [number, number][]);
}

/** Every agency holding active certificates, by name, with its use in the first span of `use`. */
export function standingsOf(use: CertificateUseRow[], signed: Map<number, number>): AgencyStanding[] {
	return use
		.filter((r): r is CertificateUseRow & { agency_id: number } => r.agency_id !== null)
		.map((r) => ({
			agency_id: r.agency_id,
			agency_name: r.agency_name ?? '',
			active: r.active,
			used: r.used[0] ?? 0,
			signed: signed.get(r.agency_id) ?? 0
		}));
}

/** Every agency in scope that holds active certificates, with its use in the span. */
export async function agencyStandings(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan
): Promise<AgencyStanding[]> {
	const [use, signed] = await Promise.all([
		certificateUse(db, scope, [span], null),
		documentsByAgency(db, scope, span)
	]);
	return standingsOf(use, signed);
}

export interface Adoption {
	/** Today's active certificates in scope. */
	active: number;
	/** How many of them signed in each span. */
	used: { current: number; lastYear: number; previous: number };
	dormant: { total: number; byAgency: AgencyTally[] };
	/** The agencies' standings in the current span. */
	standings: AgencyStanding[];
}

/**
 * The overview's adoption figures in three statements run side by side: the certificates' use per
 * agency (active, used in the current span, dormant for `dormantDays`), how many signed in the
 * two comparisons in all, and the documents signed per agency in the current span.
 */
export async function adoption(
	db: Kysely<Database>,
	scope: AgencyScope,
	spans: { current: DaySpan; lastYear: DaySpan; previous: DaySpan },
	now: Date,
	dormantDays = DORMANT_DAYS
): Promise<Adoption> {
	// The comparisons are totals only: each agency's standing is in the current span.
	const [use, [lastYear, previous], signed] = await Promise.all([
		certificateUse(db, scope, [spans.current], new Date(now.getTime() - dormantDays * DAY_MS)),
		certificatesUsed(db, scope, [spans.lastYear, spans.previous]),
		documentsByAgency(db, scope, spans.current)
	]);
	return {
		active: use.reduce((s, r) => s + r.active, 0),
		used: {
			current: use.reduce((s, r) => s + (r.used[0] ?? 0), 0),
			lastYear: lastYear!,
			previous: previous!
		},
		dormant: dormantByAgency(use),
		standings: standingsOf(use, signed)
	};
}
