// The signing-activity filter: a date range in Vietnam days (always bounded, so PostgreSQL prunes
// the monthly partitions of signing_events), grouping, and the event filters.
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { zId } from '../http/query-values';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { inAgencySubtree } from '../inventory/filters';
import { addDays, firstDayOfMonth, isCalendarDay, startOfVietnamDay, vietnamDay } from '../../time/vietnam';
import { CHANNELS, CLASSIFICATIONS, SIGNING_FORMS } from '../../domain/signing';
import { pickedId } from '../../search/picked-id';

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The widest range one page may scan: two years of partitions. */
export const MAX_RANGE_DAYS = 731;

/** A calendar day typed as dd/MM/yyyy (what users read and write) or YYYY-MM-DD; normalised to the latter. */
const day = z.preprocess(
	(v) =>
		typeof v === 'string'
			? v.replace(
					/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
					(_, d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
				)
			: v,
	z.string().refine(isCalendarDay)
);

export const signingFilterSchema = z.object({
	from: day.optional(),
	to: day.optional(),
	bucket: z.enum(BUCKETS).default('month'),
	agency: zId().optional(),
	certificate: zId().optional(),
	// The people picker's value ("Nguyễn Văn An (#12)") or the bare id of a link.
	person: z.preprocess((v) => (typeof v === 'string' && v.trim() ? (pickedId(v) ?? v) : v), zId().optional()),
	channel: z.enum(CHANNELS).optional(),
	form: z.enum(SIGNING_FORMS).optional(),
	classification: z.enum(CLASSIFICATIONS).optional(),
	cursor: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_\d+$/)
		.optional()
});
export type SigningFilter = z.infer<typeof signingFilterSchema>;

/** A half-open range of instants [start, end) covering Vietnam days from..to. */
export interface DayRange {
	from: string;
	to: string;
	start: Date;
	end: Date;
}

/**
 * The range a filter asks for: by default the 12 months up to today (from the 1st of the month
 * eleven months back); from/to swapped when reversed; at most MAX_RANGE_DAYS long.
 */
export function resolveRange(f: { from?: string; to?: string }, now = new Date()): DayRange {
	const today = vietnamDay(now);
	let to = f.to ?? today;
	let from = f.from;
	if (!from) {
		const [y, m] = to.split('-').map(Number) as [number, number];
		from = firstDayOfMonth(y, m - 11);
	}
	if (from > to) [from, to] = [to, from];
	if (addDays(from, MAX_RANGE_DAYS) < to) from = addDays(to, -MAX_RANGE_DAYS);
	return { from, to, start: startOfVietnamDay(from), end: startOfVietnamDay(addDays(to, 1)) };
}

/**
 * The event conditions shared by every aggregate and the list: scope and agency through the
 * signing certificate's agency (the signer's side), then the event's own columns.
 */
export function eventConditions(scope: AgencyScope, f: SigningFilter): Expression<SqlBool>[] {
	const certRef = sql.ref('e.certificate_id');
	const out: Expression<SqlBool>[] = [];
	if (scope.kind !== 'all' || f.agency) {
		const agencyCond = f.agency ? inAgencySubtree(f.agency, sql.ref('c.agency_id')) : sql<SqlBool>`true`;
		// An event whose certificate is not in the inventory belongs to its document's agency.
		const docAgency = sql.ref<number | null>('e.document_agency_id');
		const docCond = f.agency ? inAgencySubtree(f.agency, docAgency) : sql<SqlBool>`true`;
		out.push(sql<SqlBool>`(${certRef} in (
			select c.id from certificates c
			where ${inScope(scope, sql.ref('c.agency_id'))} and ${agencyCond}
		) or (${certRef} is null and ${inScope(scope, docAgency)} and ${docCond}))`);
	}
	if (f.certificate) out.push(sql<SqlBool>`${certRef} = ${f.certificate}`);
	if (f.person) out.push(sql<SqlBool>`${sql.ref('e.acting_person_id')} = ${f.person}`);
	if (f.channel) out.push(sql<SqlBool>`${sql.ref('e.channel')} = ${f.channel}`);
	if (f.form) out.push(sql<SqlBool>`${sql.ref('e.signing_form')} = ${f.form}`);
	if (f.classification) out.push(sql<SqlBool>`${sql.ref('e.classification')} = ${f.classification}`);
	return out;
}

/**
 * The range holding every event a certificate can have made: from the day before it became valid
 * to tomorrow. Still bounded (so partitions outside its life are pruned), never capped at two years.
 */
export function certificateEventRange(notBefore: Date, now = new Date()): DayRange {
	const from = addDays(vietnamDay(notBefore), -1);
	const to = addDays(vietnamDay(now), 1);
	return { from, to, start: startOfVietnamDay(from), end: startOfVietnamDay(addDays(to, 1)) };
}
