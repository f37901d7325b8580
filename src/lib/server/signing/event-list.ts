// The signing page's list of events, newest first, keyset-paged. Bounded by signed_at like every event query
// (partition pruning). For an agency's view it reads each of the agency's certificates' newest events through
// the (certificate_id, signed_at) index rather than walking the whole province's events back in time until enough
// of the agency's turn up.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { eventConditions, type DayRange, type SigningFilter } from './filter';

export interface SigningEventRow {
	id: number;
	signed_at: Date;
	/** Null when the certificate is not in the inventory; certificate_ref then names it. */
	certificate_id: number | null;
	certificate_ref: string | null;
	subject_cn: string | null;
	agency_name: string | null;
	acting_person_id: number | null;
	acting_person_name: string | null;
	acting_title: string | null;
	signing_form: string;
	document_number: string | null;
	classification: string;
	channel: string;
	direction: string;
}

/**
 * Up to this many certificates in the viewed agencies, the list reads each one's newest events by index. Beyond it
 * the walk back through the province's events finds the agencies' events soon enough: at scale 50 (120,000
 * certificates, 8 million events), one index read per certificate costs about 25 µs over a year's partitions, and
 * the walk about 0.5 µs per event passed over, i.e. 51 × 120,000 / k events for k certificates: the two cost the same
 * near k = 350.
 */
export const PER_CERTIFICATE_MAX = 500;

const EVENT_COLUMNS = [
	'e.id',
	'e.signed_at',
	'e.certificate_id',
	'e.certificate_ref',
	'e.acting_person_id',
	'e.acting_title',
	'e.signing_form',
	'e.document_number',
	'e.classification',
	'e.channel',
	'e.direction',
	'e.document_agency_id'
] as const;

/** The cursor's condition: events strictly before the last row shown (signed_at to the microsecond, then id). */
function beforeCursor(cursor: string | undefined): Expression<SqlBool> | null {
	// A malformed cursor restarts from the first page.
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_(\d{1,15})$/.exec(cursor ?? '');
	return m ? sql<SqlBool>`(e.signed_at, e.id) < (${m[1]}::timestamptz, ${Number(m[2])}::bigint)` : null;
}

/** The range and the cursor, as conditions on the event. */
function rangeAndCursor(f: SigningFilter, range: DayRange): Expression<SqlBool>[] {
	const out: Expression<SqlBool>[] = [
		sql<SqlBool>`e.signed_at >= ${range.start}`,
		sql<SqlBool>`e.signed_at < ${range.end}`
	];
	const cursor = beforeCursor(f.cursor);
	if (cursor) out.push(cursor);
	return out;
}

const EVERY_AGENCY: AgencyScope = { kind: 'all' };

/** Range, cursor and the filters on the event's own columns (channel, form, classification): not its agency. */
function ownConditions(f: SigningFilter, range: DayRange): Expression<SqlBool>[] {
	return [...rangeAndCursor(f, range), ...eventConditions(EVERY_AGENCY, { ...f, agency: undefined })];
}

/** The subtrees the view is narrowed to: the scope's, and the filter's agency's (its path read first). */
async function viewedSubtrees(db: Kysely<Database>, scope: AgencyScope, f: SigningFilter): Promise<string[]> {
	const paths = scope.kind === 'subtree' ? [scope.path] : [];
	if (f.agency) {
		const a = await db.selectFrom('agencies').select('path').where('id', '=', f.agency).executeTakeFirst();
		// An agency that does not exist views nothing, as the subtree condition of eventConditions finds nothing.
		paths.push(a?.path ?? '/nonexistent/');
	}
	return paths;
}

/**
 * `column` lies in every one of the subtrees: prefixes given as values, so that PostgreSQL reads the agencies by
 * their path index and can count them (inAgencySubtree's prefix is a subquery, which it can do neither with).
 */
function inSubtrees(paths: readonly string[], column: Expression<number | null>): Expression<SqlBool> {
	const conds = paths.map((p) => sql<SqlBool>`d.path like ${p + '%'}`);
	return sql<SqlBool>`${column} in (select d.id from agencies d where ${sql.join(conds, sql` and `)})`;
}

/** Whether the viewed agencies hold few enough certificates to read each one's newest events. */
async function fewCertificates(db: Kysely<Database>, paths: readonly string[]): Promise<boolean> {
	const r = await db
		.selectFrom((eb) =>
			eb
				.selectFrom('certificates as c')
				.select(sql.lit(1).as('one'))
				.where(inSubtrees(paths, sql.ref('c.agency_id')))
				.limit(PER_CERTIFICATE_MAX + 1)
				.as('k')
		)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n) <= PER_CERTIFICATE_MAX;
}

/** The view's agency condition on an event, as eventConditions puts it, with the subtrees as constant prefixes. */
function inViewedAgencies(subtrees: readonly string[]): Expression<SqlBool> {
	return sql<SqlBool>`(e.certificate_id in (
		select c.id from certificates c where ${inSubtrees(subtrees, sql.ref('c.agency_id'))}
	) or (e.certificate_id is null and ${inSubtrees(subtrees, sql.ref('e.document_agency_id'))}))`;
}

/** How the newest events of a view are found. */
type Reading =
	/** The province's events walked back in time, filtered by eventConditions. */
	| { kind: 'walk' }
	/** The same walk for an agency's view, its subtrees given (viewedSubtrees). */
	| { kind: 'walk-subtrees'; subtrees: readonly string[] }
	/** An agency's view holding few certificates: each one's newest events read by index. */
	| { kind: 'per-certificate'; subtrees: readonly string[] };

/** The newest `limit` events of the view, before any join. */
function newestEvents(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	limit: number,
	reading: Reading
) {
	const newest = <
		Q extends { orderBy: (c: 'e.signed_at' | 'e.id', d: 'desc') => Q; limit: (n: number) => Q }
	>(
		q: Q
	) => q.orderBy('e.signed_at', 'desc').orderBy('e.id', 'desc').limit(limit);
	if (reading.kind !== 'per-certificate') {
		const conditions =
			reading.kind === 'walk'
				? [...rangeAndCursor(f, range), ...eventConditions(scope, f)]
				: [...ownConditions(f, range), inViewedAgencies(reading.subtrees)];
		return newest(
			db
				.selectFrom('signing_events as e')
				.select(EVENT_COLUMNS)
				.where((eb) => eb.and(conditions))
		);
	}
	// The same events as inViewedAgencies selects: those of the viewed agencies' certificates, and those whose
	// certificate is not in the inventory, by their document's agency.
	const byCertificate = db
		.selectFrom('certificates as c')
		.innerJoinLateral(
			(eb) =>
				newest(
					eb
						.selectFrom('signing_events as e')
						.select(EVENT_COLUMNS)
						.where((w) => w.and([sql<SqlBool>`e.certificate_id = c.id`, ...ownConditions(f, range)]))
				).as('e'),
			(j) => j.onTrue()
		)
		.select(EVENT_COLUMNS)
		.where(inSubtrees(reading.subtrees, sql.ref('c.agency_id')));
	const unknownCertificate = newest(
		db
			.selectFrom('signing_events as e')
			.select(EVENT_COLUMNS)
			.where((w) =>
				w.and([
					sql<SqlBool>`e.certificate_id is null`,
					inSubtrees(reading.subtrees, sql.ref('e.document_agency_id')),
					...ownConditions(f, range)
				])
			)
	);
	// In parentheses of its own: an ORDER BY and LIMIT after UNION ALL would be the union's.
	return newest(
		db
			.selectFrom(byCertificate.unionAll(db.selectFrom(unknownCertificate.as('u')).selectAll('u')).as('e'))
			.selectAll('e')
	);
}

/** How to read the view: per certificate for an agency's with few certificates, else the walk. */
async function readingOf(db: Kysely<Database>, scope: AgencyScope, f: SigningFilter): Promise<Reading> {
	// A certificate or a person asked for: their own indexes lead, whatever the agency.
	if ((scope.kind === 'all' && f.agency === undefined) || f.certificate || f.person) return { kind: 'walk' };
	const subtrees = await viewedSubtrees(db, scope, f);
	return (await fewCertificates(db, subtrees))
		? { kind: 'per-certificate', subtrees }
		: { kind: 'walk-subtrees', subtrees };
}

/**
 * A page of events, newest first, continuing after `f.cursor` ("<signed_at ISO>_<id>"): keyset
 * paging, so page 1,000 costs what page 1 does on ten million rows.
 */
export async function listSigningEvents(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: SigningFilter,
	range: DayRange,
	pageSize = 50
): Promise<{ rows: SigningEventRow[]; nextCursor: string | null }> {
	const reading = await readingOf(db, scope, f);
	const rows = await db
		.selectFrom(newestEvents(db, scope, f, range, pageSize + 1, reading).as('e'))
		.leftJoin('certificates as c', 'c.id', 'e.certificate_id')
		.leftJoin('agencies as a', (j) =>
			j.on(
				sql<boolean>`a.id = case when e.certificate_id is null then e.document_agency_id else c.agency_id end`
			)
		)
		.leftJoin('people as p', 'p.id', 'e.acting_person_id')
		.select([
			'e.id',
			'e.signed_at',
			// The cursor carries signed_at to the microsecond, as stored: a millisecond cursor would skip
			// events that share the last row's millisecond.
			sql<string>`to_char(e.signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
			'e.certificate_id',
			'e.certificate_ref',
			'c.subject_cn',
			'a.name as agency_name',
			'e.acting_person_id',
			'p.full_name as acting_person_name',
			'e.acting_title',
			'e.signing_form',
			'e.document_number',
			'e.classification',
			'e.channel',
			'e.direction'
		])
		.orderBy('e.signed_at', 'desc')
		.orderBy('e.id', 'desc')
		.execute();
	const more = rows.length > pageSize;
	const page = more ? rows.slice(0, pageSize) : rows;
	const last = page[page.length - 1];
	return {
		rows: page.map(({ cursor_at: _, ...row }) => row),
		nextCursor: more && last ? `${last.cursor_at}_${last.id}` : null
	};
}
