// The first and last signing time of each document (agency, number and symbol) in each Vietnam
// year, kept by the misuse scan from the events it reads (scan_document_spans), so that an
// incremental run reads a document's events only in the months they lie in: the index on
// (document_agency_id, document_number) has no signing time, and without a bound every monthly
// partition is visited for every document.
// A span may be wider than its events (a removed or corrected event leaves it as it was), never
// narrower: a full run builds every span from every event; an incremental run widens the spans of
// the new events and of the events of the certificates whose events changed (scan_dirty_certificates
// notes both the old and the new certificate of a changed event).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../server/db/schema';
import { arrivedIn, timeLiteral, type EventRange } from './incremental-rules';

const VN = sql.lit('Asia/Ho_Chi_Minh');

/** One document in one year, as the document rules group it, and the span of its events. */
export interface DocumentYear {
	agency_id: number;
	number: string;
	year: number;
	first_at: Date;
	last_at: Date;
}

const spanColumns = sql`e.document_agency_id as agency_id, e.document_number as number,
	extract(year from e.signed_at at time zone ${VN})::int as year, min(e.signed_at) as first_at, max(e.signed_at) as last_at`;

/**
 * A span as JavaScript's Date holds it (milliseconds), widened outward: the documents travel to
 * documentRules as JSON, and a signing time with microseconds must stay within its span (the
 * extra microseconds never take in another year's event: documentRules reads a document's events
 * of its year only).
 */
export const outward = (first: string, last: string) =>
	sql`date_trunc('milliseconds', ${sql.raw(first)}) as first_at,
		date_trunc('milliseconds', ${sql.raw(last)} + interval '999 microseconds') as last_at`;

/** The events the document rules judge (document-rules.ts reads no others). */
const ruled = sql`e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null`;

/** A full run: every span again from every outgoing event that carries a number. */
export async function rebuildDocumentSpans(db: Kysely<Database>): Promise<void> {
	// In the run's transaction: truncated rather than deleted row by row, grouped in memory, and
	// inserted in key order (at scale 10, 791,000 spans: 8.7 s this way against 32 s, load ≈ 10).
	await sql`select set_config('work_mem', '256MB', true)`.execute(db);
	await sql`truncate scan_document_spans`.execute(db);
	await sql`
		insert into scan_document_spans (agency_id, number, year, first_at, last_at)
		select ${spanColumns} from signing_events e
		where ${ruled}
		group by 1, 2, 3
		order by 1, 2, 3`.execute(db);
}

/**
 * An incremental run: widens the spans of the documents the events of `r` or of `certificates`
 * carry, and returns the documents to judge again: those of the new events in their years, and
 * those of the changed certificates' events (in either direction) in every year they have a span
 * (a correction may have moved an event out of a year, or made it incoming).
 */
export async function widenDocumentSpans(
	db: Kysely<Database>,
	r: EventRange,
	certificates: readonly number[]
): Promise<DocumentYear[]> {
	const changed = sql`e.certificate_id = any(${`{${certificates.join(',')}}`}::int[])`;
	// A span already as wide is left as it is (no new row version): the spans come back from the
	// statement's snapshot widened by what was read, as the upsert leaves them.
	const { rows } = await sql<DocumentYear>`
		with n as (
			select ${spanColumns} from (
				select e.* from signing_events e where ${arrivedIn(r)}
				union all
				select e.* from signing_events e where ${changed} and not (e.id > ${r.afterId} and e.id <= ${r.toId})
			) e
			where ${ruled}
			group by 1, 2, 3
		),
		upserted as (
			insert into scan_document_spans as s (agency_id, number, year, first_at, last_at)
			select n.agency_id, n.number, n.year, n.first_at, n.last_at from n
			on conflict (agency_id, number, year) do update set
				first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at)
			where excluded.first_at < s.first_at or excluded.last_at > s.last_at
		)
		select n.agency_id, n.number, n.year,
			${outward('least(n.first_at, s.first_at)', 'greatest(n.last_at, s.last_at)')}
		from n left join scan_document_spans s on s.agency_id = n.agency_id and s.number = n.number and s.year = n.year`.execute(
		db
	);
	if (certificates.length === 0) return rows;
	const { rows: years } = await sql<DocumentYear>`
		select s.agency_id, s.number, s.year, ${outward('s.first_at', 's.last_at')} from scan_document_spans s
		where (s.agency_id, s.number) in (select e.document_agency_id, e.document_number from signing_events e
			where ${changed} and e.document_number is not null and e.document_agency_id is not null)`.execute(db);
	const key = (d: DocumentYear) => `${d.agency_id}\u0000${d.year}\u0000${d.number}`;
	return [...new Map([...rows, ...years].map((d) => [key(d), d])).values()];
}

/**
 * The documents as a query of (agency_id, number, year, first_at, last_at), for documentRules and
 * its resolution. The spans travel with the documents rather than being joined again, so the
 * planner sees as many documents as there are (a join with the spans made it expect a handful and
 * join the documents' signatures by nested loops, 3.9 million comparisons for one day at scale 10).
 */
export function documentYears(docs: readonly DocumentYear[]): RawBuilder<unknown> {
	return sql`select x.agency_id, x.number, x.year, x.first_at, x.last_at
		from jsonb_to_recordset(${JSON.stringify(docs)}::jsonb)
			as x(agency_id integer, number text, year integer, first_at timestamptz, last_at timestamptz)`;
}

/**
 * The first and last signing time over the documents' spans, as a condition on signing_events
 * (alias e) with literals, so that reading their events plans only those months' partitions.
 */
export function withinSpans(docs: readonly DocumentYear[]): RawBuilder<boolean> {
	if (docs.length === 0) return sql<boolean>`false`;
	const times = docs.flatMap((d) => [new Date(d.first_at).getTime(), new Date(d.last_at).getTime()]);
	const from = new Date(Math.min(...times));
	const to = new Date(Math.max(...times));
	return sql<boolean>`(e.signed_at >= ${timeLiteral(from)} and e.signed_at <= ${timeLiteral(to)})`;
}
