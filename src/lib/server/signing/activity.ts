// Signing-activity aggregates (the event list is event-list.ts, re-exported here). Aggregates read
// the daily summary when it holds their filters; event queries are bounded by signed_at so
// PostgreSQL scans only the monthly partitions of the range (partition pruning).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { eventConditions, resolveRange, type Bucket, type DayRange, type SigningFilter } from './filter';
import { summaryRows, type SourceOptions } from './summary-source';
import { topAgenciesOverYear } from './standing-periods';
import { firstDayOfMonth, startOfVietnamDay } from '../../time/vietnam';

export interface SeriesPoint {
	bucket: string;
	channel: string;
	n: number;
}
export interface CountBy<K extends string = string> {
	key: K;
	n: number;
}
export interface AgencyCount {
	agency_id: number | null;
	agency_name: string | null;
	n: number;
}

/**
 * The daily summary (signing_daily_summary, kept by triggers) answers every aggregate whose
 * filters it holds; a certificate or person filter needs the events themselves.
 */
export function summaryAnswers(f: SigningFilter): boolean {
	return !f.certificate && !f.person;
}

/**
 * The roll-up rows of the range holding the filter: monthly tables for its whole months, the
 * daily summary for the rest (summary-source.ts). `byAgency` when the rows must carry their
 * agency; `dailyOnly` for a series by day or week.
 */
function summary(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	opts: SourceOptions = { byAgency: false }
) {
	return summaryRows(db, scope, f, range, opts);
}

const total = sql<number>`coalesce(sum(s.n), 0)::int`;

/**
 * Whether no event of the range's last month lies after its last day (one probe of the
 * signed_at index): then that month's monthly roll-ups answer its days, and a range ending today
 * (the default) reads no daily summary row, where it read every agency's rows of this month's days.
 */
export async function tailClosed(db: Kysely<Database>, range: DayRange): Promise<boolean> {
	const [y, m] = range.to.split('-').map(Number) as [number, number];
	const nextMonth = startOfVietnamDay(firstDayOfMonth(y, m + 1));
	const later = await db
		.selectFrom('signing_events')
		.select('id')
		.where('signed_at', '>=', range.end)
		.where('signed_at', '<', nextMonth)
		.limit(1)
		.executeTakeFirst();
	return later === undefined;
}

function events(db: Kysely<Database>, scope: AgencyScope, f: SigningFilter, range: DayRange) {
	return db
		.selectFrom('signing_events as e')
		.where('e.signed_at', '>=', range.start)
		.where('e.signed_at', '<', range.end)
		.where((eb) => eb.and(eventConditions(scope, f)));
}

/** Counts per bucket (Vietnam day, ISO week starting Monday, or month) and channel. */
export async function signingSeries(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	bucket: Bucket
): Promise<SeriesPoint[]> {
	// Sessions run in Asia/Ho_Chi_Minh, so date_trunc on timestamptz cuts at Vietnam midnight.
	if (summaryAnswers(f)) {
		const d = sql`to_char(date_trunc(${sql.lit(bucket)}, s.day::timestamp), 'YYYY-MM-DD')`;
		return summary(db, scope, f, range, { byAgency: false, dailyOnly: bucket !== 'month' })
			.select([d.as('bucket'), 's.channel', total.as('n')])
			.groupBy([d, 's.channel'])
			.orderBy(d)
			.$castTo<SeriesPoint>()
			.execute();
	}
	const b = sql`to_char(date_trunc(${sql.lit(bucket)}, e.signed_at), 'YYYY-MM-DD')`;
	return events(db, scope, f, range)
		.select([b.as('bucket'), 'e.channel', sql<number>`count(*)::int`.as('n')])
		.groupBy([b, 'e.channel'])
		.orderBy(b)
		.$castTo<SeriesPoint>()
		.execute();
}

/** Signatures in the range counted by one column (channel or signing form), largest first. */
async function countsBy(
	column: 'channel' | 'signing_form',
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange
): Promise<CountBy[]> {
	if (summaryAnswers(f))
		return summary(db, scope, f, range)
			.select([sql.ref<string>(`s.${column}`).as('key'), total.as('n')])
			.groupBy(`s.${column}`)
			.orderBy('n', 'desc')
			.execute();
	return events(db, scope, f, range)
		.select([sql.ref<string>(`e.${column}`).as('key'), sql<number>`count(*)::int`.as('n')])
		.groupBy(`e.${column}`)
		.orderBy('n', 'desc')
		.execute();
}

export const signingByChannel = (
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange
) => countsBy('channel', db, scope, f, range);

export const signingByForm = (db: Kysely<Database>, scope: AgencyScope, f: SigningFilter, range: DayRange) =>
	countsBy('signing_form', db, scope, f, range);

/** Volume per agency of the signing certificate, largest first. */
export async function signingByAgency(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	limit = 20,
	closed = false
): Promise<AgencyCount[]> {
	// The province's twelve months to a day, unfiltered: each agency's count is kept (agency_standing).
	const unfiltered = !f.agency && !f.channel && !f.form && !f.classification && summaryAnswers(f);
	if (scope.kind === 'all' && unfiltered) {
		const kept = await topAgenciesOverYear(db, range, limit);
		if (kept) return kept;
	}
	if (summaryAnswers(f)) {
		// Agencies summed first, their names joined to the sums (one per agency, not per row).
		const sums = summary(db, scope, f, range, { byAgency: true, agencyTotals: true, tailClosed: closed })
			.select(['s.agency_id', total.as('n')])
			.groupBy('s.agency_id');
		return db
			.selectFrom(sums.as('t'))
			.leftJoin('agencies as a', 'a.id', 't.agency_id')
			.select(['t.agency_id', 'a.name as agency_name', 't.n'])
			.orderBy('t.n', 'desc')
			.orderBy('a.name')
			.limit(limit)
			.execute();
	}
	// An event of an unknown certificate counts under its document's agency, as in the summary.
	const agency = sql<
		number | null
	>`case when e.certificate_id is null then e.document_agency_id else c.agency_id end`;
	return events(db, scope, f, range)
		.leftJoin('certificates as c', 'c.id', 'e.certificate_id')
		.leftJoin('agencies as a', (j) => j.on(sql<boolean>`a.id = ${agency}`))
		.select([agency.as('agency_id'), 'a.name as agency_name', sql<number>`count(*)::int`.as('n')])
		.groupBy([agency, 'a.name'])
		.orderBy('n', 'desc')
		.orderBy('a.name')
		.limit(limit)
		.execute();
}

export async function signingTotal(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange
): Promise<number> {
	if (summaryAnswers(f))
		return (await summary(db, scope, f, range).select(total.as('n')).executeTakeFirstOrThrow()).n;
	const r = await events(db, scope, f, range)
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
	return r.n;
}

export interface SigningAggregates {
	series: SeriesPoint[];
	byChannel: CountBy[];
	byForm: CountBy[];
	byAgency: AgencyCount[];
	total: number;
}

// grouping() bits of (bucket, channel, signing_form, agency_id): 1 = not grouped by that column.
const SET_SERIES = 0b0011;
const SET_CHANNEL = 0b1011;
const SET_FORM = 0b1101;
const SET_AGENCY = 0b1110;
const SET_TOTAL = 0b1111;

/**
 * Every aggregate of the signing page in one read of the daily summary (grouping sets), where the
 * five separate queries read it five times; the same figures and orders as signingSeries,
 * signingByChannel, signingByForm, signingByAgency and signingTotal, which answer when the
 * summary does not hold the filters.
 */
export async function signingAggregates(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	bucket: Bucket,
	agencyLimit = 20
): Promise<SigningAggregates> {
	if (!summaryAnswers(f)) {
		const [series, byChannel, byForm, byAgency, total] = await Promise.all([
			signingSeries(db, scope, f, range, bucket),
			signingByChannel(db, scope, f, range),
			signingByForm(db, scope, f, range),
			signingByAgency(db, scope, f, range, agencyLimit),
			signingTotal(db, scope, f, range)
		]);
		return { series, byChannel, byForm, byAgency, total };
	}
	const d = sql<string>`to_char(date_trunc(${sql.lit(bucket)}, s.day::timestamp), 'YYYY-MM-DD')`;
	// The province's breakdowns read the agency-free tables (monthly, and daily for the partial
	// months or a series by day or week), its ranking the per-agency totals (a second read, in
	// parallel); a scoped or agency-filtered view reads per-agency rows once.
	const dailyOnly = bucket !== 'month';
	const province = scope.kind === 'all' && !f.agency;
	const closed = !dailyOnly && (await tailClosed(db, range));
	const grouped = summary(db, scope, f, range, { byAgency: !province, dailyOnly, tailClosed: closed })
		.select([
			d.as('bucket'),
			's.channel',
			's.signing_form',
			's.agency_id',
			total.as('n'),
			sql<number>`grouping(${d}, s.channel, s.signing_form, s.agency_id)`.as('grp')
		])
		.groupBy(
			sql`grouping sets ((${d}, s.channel), (s.channel), (s.signing_form), (s.agency_id), ())` as never
		);
	// Agencies ranked as signingByAgency ranks them (count, then name in the database's collation).
	const query = db
		.with('g', () => grouped)
		.selectFrom('g')
		.leftJoin('agencies as a', (j) =>
			j.onRef('a.id', '=', 'g.agency_id').on(sql<boolean>`g.grp = ${sql.lit(SET_AGENCY)}`)
		)
		.selectAll('g')
		.select([
			'a.name as agency_name',
			sql<number>`row_number() over (partition by g.grp order by g.n desc, a.name, g.bucket, g.channel, g.signing_form)::int`.as(
				'rank'
			)
		])
		.orderBy('g.grp')
		.orderBy('rank');
	const [rows, ranking] = await Promise.all([
		query.execute(),
		province ? signingByAgency(db, scope, f, range, agencyLimit, closed) : null
	]);
	const out: SigningAggregates = { series: [], byChannel: [], byForm: [], byAgency: [], total: 0 };
	for (const r of rows) {
		if (r.grp === SET_SERIES) out.series.push({ bucket: r.bucket!, channel: r.channel!, n: r.n });
		else if (r.grp === SET_CHANNEL) out.byChannel.push({ key: r.channel!, n: r.n });
		else if (r.grp === SET_FORM) out.byForm.push({ key: r.signing_form!, n: r.n });
		else if (r.grp === SET_AGENCY && !province && r.rank <= agencyLimit)
			out.byAgency.push({ agency_id: r.agency_id, agency_name: r.agency_name, n: r.n });
		else if (r.grp === SET_TOTAL) out.total = r.n;
	}
	out.series.sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
	if (ranking) out.byAgency = ranking;
	return out;
}

export { listSigningEvents, type SigningEventRow } from './event-list';
export { resolveRange };
