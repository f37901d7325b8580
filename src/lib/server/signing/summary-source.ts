// The rows a signing aggregate sums, from the cheapest roll-ups that hold them: the monthly tables
// (signing_monthly_summary for the whole province, signing_monthly_agency per agency,
// signing_monthly_agency_total when only each agency's count is summed) for the
// whole Vietnam months of the range, the daily tables for the partial months at its ends (and for
// every day when the series is by day or week): signing_daily_province for the whole province
// without agency, signing_daily_summary otherwise. Each part carries the same columns, a monthly row
// standing on the first day of its month, so a sum or a group by month is the same whichever
// part answered; filters and scope are applied inside each part, where the indexes are.
import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { SigningFilter } from './filter';
import { inScope } from '../scope';
import { inAgencySubtree } from '../inventory/filters';
import { addDays } from '../../time/vietnam';

export interface SummaryRow {
	/** The day, or the first day of the month for a monthly row. */
	day: string;
	agency_id: number | null;
	channel: string;
	signing_form: string;
	classification: string;
	n: number;
}

export interface DaySpan {
	from: string;
	to: string;
}

/** A range cut into its whole months and the partial months' days before and after them. */
export interface MonthSplit {
	/** First days of the first and last whole month, or null when the range holds none. */
	months: DaySpan | null;
	/** Days read from the daily summary (none, one or two spans). */
	days: DaySpan[];
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonthStart = (day: string) => {
	const [y, m] = day.split('-').map(Number) as [number, number];
	return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
};

/**
 * `tailClosed`: no event of `to`'s month lies after `to` (the caller checked), so that month's
 * monthly rows hold exactly its days up to `to` and answer them as a whole month would.
 */
export function splitByMonth(range: DaySpan, tailClosed = false): MonthSplit {
	const first = range.from.endsWith('-01') ? range.from : nextMonthStart(range.from);
	// The day after the last whole month: the 1st of `to`'s month unless `to` ends its month.
	const afterLast =
		tailClosed || nextMonthStart(range.to) === addDays(range.to, 1)
			? nextMonthStart(range.to)
			: monthStart(range.to);
	if (first >= afterLast) return { months: null, days: [range] };
	const days: DaySpan[] = [];
	if (range.from < first) days.push({ from: range.from, to: addDays(first, -1) });
	if (afterLast <= range.to) days.push({ from: afterLast, to: range.to });
	return { months: { from: first, to: monthStart(addDays(afterLast, -1)) }, days };
}

export interface SourceOptions {
	/** The rows must carry their agency (a ranking); otherwise the province reads the agency-free table. */
	byAgency: boolean;
	/** The series is by day or week: monthly rows cannot answer, read the daily summary only. */
	dailyOnly?: boolean;
	/**
	 * The caller sums n per agency and reads nothing else (a ranking): without a channel, form or
	 * classification filter the whole months come from the agency totals, whose channel, form and
	 * classification are null.
	 */
	agencyTotals?: boolean;
	/** No event of the range's last month lies after its last day: see splitByMonth. */
	tailClosed?: boolean;
}

type Part = SelectQueryBuilder<Database, never, SummaryRow>;

/** Scope, agency subtree and the summary's own filters, on one part's alias. */
function filtered<Q extends { where(e: ReturnType<typeof sql<SqlBool>>): Q }>(
	q: Q,
	alias: string,
	scope: AgencyScope,
	f: SigningFilter,
	withAgency: boolean
): Q {
	const col = (c: string) => sql.ref(`${alias}.${c}`);
	let out = q.where(sql<SqlBool>`${col('n')} > 0`); // deletes leave zero rows behind
	if (withAgency) {
		out = out.where(sql<SqlBool>`${inScope(scope, col('agency_id') as never)}`);
		if (f.agency) out = out.where(sql<SqlBool>`${inAgencySubtree(f.agency, col('agency_id') as never)}`);
	}
	if (f.channel) out = out.where(sql<SqlBool>`${col('channel')} = ${f.channel}`);
	if (f.form) out = out.where(sql<SqlBool>`${col('signing_form')} = ${f.form}`);
	if (f.classification) out = out.where(sql<SqlBool>`${col('classification')} = ${f.classification}`);
	return out;
}

/**
 * The union of roll-up rows answering the filter over the range, as a subquery with the daily
 * summary's columns (`day` a month's first day for monthly rows). Certificate and person filters
 * are not held by any roll-up: callers check summaryAnswers first.
 */
export function summaryRows(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DaySpan,
	opts: SourceOptions
) {
	const province = scope.kind === 'all' && !f.agency;
	const split: MonthSplit = opts.dailyOnly
		? { months: null, days: [range] }
		: splitByMonth(range, opts.tailClosed);
	// The province's days without their agency come from the agency-free daily table (a few
	// dozen rows a day), anything by agency or in a subtree from the daily summary.
	const parts: Part[] = split.days.map(
		(span) =>
			(province && !opts.byAgency
				? filtered(
						db
							.selectFrom('signing_daily_province as d')
							.select([
								'd.day',
								sql<number | null>`null::int`.as('agency_id'),
								'd.channel',
								'd.signing_form',
								'd.classification',
								'd.n'
							])
							.where('d.day', '>=', span.from)
							.where('d.day', '<=', span.to),
						'd',
						scope,
						f,
						false
					)
				: filtered(
						db
							.selectFrom('signing_daily_summary as d')
							.select(['d.day', 'd.agency_id', 'd.channel', 'd.signing_form', 'd.classification', 'd.n'])
							.where('d.day', '>=', span.from)
							.where('d.day', '<=', span.to),
						'd',
						scope,
						f,
						true
					)) as unknown as Part
	);
	if (split.months) {
		const { from, to } = split.months;
		parts.push(
			(province && !opts.byAgency
				? filtered(
						db
							.selectFrom('signing_monthly_summary as m')
							.select([
								'm.month as day',
								sql<number | null>`null::int`.as('agency_id'),
								'm.channel',
								'm.signing_form',
								'm.classification',
								'm.n'
							])
							.where('m.month', '>=', from)
							.where('m.month', '<=', to),
						'm',
						scope,
						f,
						false
					)
				: opts.agencyTotals && !f.channel && !f.form && !f.classification
					? filtered(
							db
								.selectFrom('signing_monthly_agency_total as m')
								.select([
									'm.month as day',
									'm.agency_id',
									sql<string>`null::text`.as('channel'),
									sql<string>`null::text`.as('signing_form'),
									sql<string>`null::text`.as('classification'),
									'm.n'
								])
								.where('m.month', '>=', from)
								.where('m.month', '<=', to),
							'm',
							scope,
							f,
							true
						)
					: filtered(
							db
								.selectFrom('signing_monthly_agency as m')
								.select([
									'm.month as day',
									'm.agency_id',
									'm.channel',
									'm.signing_form',
									'm.classification',
									'm.n'
								])
								.where('m.month', '>=', from)
								.where('m.month', '<=', to),
							'm',
							scope,
							f,
							true
						)) as unknown as Part
		);
	}
	const [head, ...rest] = parts as [Part, ...Part[]];
	const union = rest.reduce<Part>((a, b) => a.unionAll(b) as Part, head);
	return db.selectFrom(union.as('s'));
}
