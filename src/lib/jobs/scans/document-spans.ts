// The documents (agency, number and symbol, Vietnam year) an incremental misuse scan judges again,
// read from signing_document_state (migration 2026_12_12_0200, kept exact by triggers on
// signing_events): each with the first and last signing time of its events, so that its events
// are read only in the months they lie in (the index on (document_agency_id, document_number) has
// no signing time, and without a bound every monthly partition is visited for every document),
// and with whether one of the rules can fire on it (mayFireState), so that only those few are read
// at all.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../server/db/schema';
import { arrivedIn, timeLiteral, type EventRange } from './incremental-rules';
import { mayFireState, type DocumentRuleSettings } from './document-rules';

const VN = sql.lit('Asia/Ho_Chi_Minh');

/** One document in one year, as the document rules group it, and the span of its events. */
export interface DocumentYear {
	agency_id: number;
	number: string;
	year: number;
	first_at: Date;
	last_at: Date;
}

/**
 * A span as JavaScript's Date holds it (milliseconds), widened outward: the documents travel to
 * documentRules as JSON, and a signing time with microseconds must stay within its span (the
 * extra microseconds never take in another year's event: documentRules reads a document's events
 * of its year only).
 */
export const outward = (first: string, last: string) =>
	sql`date_trunc('milliseconds', ${sql.raw(first)}) as first_at,
		date_trunc('milliseconds', ${sql.raw(last)} + interval '999 microseconds') as last_at`;

/** The documents an incremental run judges: all of them (resolution) and those a rule can fire on. */
export interface DocumentsToJudge {
	/** Every document of the new events and of the changed certificates' events: their findings may be resolved. */
	all: Pick<DocumentYear, 'agency_id' | 'number' | 'year'>[];
	/** Those of them a rule can fire on, with their spans: the only ones whose events are read. */
	judged: DocumentYear[];
}

/**
 * The documents of the events of `r` in their years, and those the `certificates`' events carry (in
 * either direction: a correction may have made an event incoming) in every year they have a row
 * (a correction may have moved an event out of a year; a document with no event left keeps a row at
 * zero, so its findings are resolved).
 */
export async function documentsToJudge(
	db: Kysely<Database>,
	s: DocumentRuleSettings,
	r: EventRange,
	certificates: readonly number[]
): Promise<DocumentsToJudge> {
	const changed =
		certificates.length > 0
			? sql`union
				select d.agency_id, d.number, d.year from signing_document_state d
				where (d.agency_id, d.number) in (select e.document_agency_id, e.document_number from signing_events e
					where e.certificate_id = any(${`{${certificates.join(',')}}`}::int[])
						and e.document_number is not null and e.document_agency_id is not null)`
			: sql``;
	// The keys alone decide which findings may be resolved; only the few documents of the partial
	// index signing_document_state_may_fire_idx among them are read with their spans (one read of
	// that index, rather than a probe of the state per document of the day).
	const { rows } = await sql<DocumentYear & { may_fire: boolean }>`
		with k as materialized (
			select distinct e.document_agency_id as agency_id, e.document_number as number,
				extract(year from e.signed_at at time zone ${VN})::int as year
			from signing_events e
			where ${arrivedIn(r)} and e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
			${changed}
		),
		judged as (
			select d.agency_id, d.number, d.year, ${outward('d.first_at', 'd.last_at')} from signing_document_state d
			where d.events > 0 and ${mayFireState(s, 'd')}
				and (d.agency_id, d.number, d.year) in (select k.agency_id, k.number, k.year from k)
		)
		select k.agency_id, k.number, k.year, j.first_at, j.last_at, j.agency_id is not null as may_fire
		from k left join judged j on j.agency_id = k.agency_id and j.number = k.number and j.year = k.year`.execute(
		db
	);
	return {
		all: rows.map(({ agency_id, number, year }) => ({ agency_id, number, year })),
		judged: rows
			.filter((d) => d.may_fire)
			.map(({ agency_id, number, year, first_at, last_at }) => ({
				agency_id,
				number,
				year,
				first_at,
				last_at
			}))
	};
}

/**
 * The documents as a query of (agency_id, number, year, first_at, last_at), for documentRules and
 * its resolution. The spans travel with the documents rather than being joined again, so the
 * planner sees as many documents as there are (a join with the spans made it expect a handful and
 * join the documents' signatures by nested loops, 3.9 million comparisons for one day at scale 10).
 */
export function documentYears(
	docs: readonly (Pick<DocumentYear, 'agency_id' | 'number' | 'year'> & Partial<DocumentYear>)[]
): RawBuilder<unknown> {
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
