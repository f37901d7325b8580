// The documents a full run of the Decree 30 document rules must judge: one grouped read of every
// outgoing numbered event, per document (agency, number and symbol, Vietnam year), keeping only
// plain aggregates (no arrays, no ordering), and only the documents on which one of the four rules
// can fire. documentRules then judges those few as an incremental run judges its documents (each
// read by the document index within its span), so the findings are those of the rules over every
// document: a document left out cannot have a finding, because each test is implied by its
// rule (mayFire of document-rules.ts, the same test an incremental run applies to its documents).
// Grouping every event with four ordered array_aggs, and joining every event back to its document,
// took 24 s at scale 10 (1.65 million events, 791,000 documents); this read takes about 3 s.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema';
import { mayFire, type DocumentRuleSettings } from './document-rules';
import { outward, type DocumentYear } from './document-spans';

const VN = sql.lit('Asia/Ho_Chi_Minh');

/**
 * The Vietnam year of e.signed_at, as extract(year from e.signed_at at time zone VN) gives it: the
 * years of the events (first to last, and the next) decided by comparing with their first instants
 * (literals), because the conversion to local time, per event, was about a sixth of the grouped
 * read. Other years (an event that arrived after the first and last were read) take the conversion.
 */
async function vietnamYear(db: Kysely<Database>) {
	const { rows } = await sql<{ year: number; starts: string }>`
		with r as (select min(signed_at) as lo, max(signed_at) as hi from signing_events)
		select y::int as year, to_char(make_timestamptz(y::int, 1, 1, 0, 0, 0, ${VN}) at time zone 'UTC',
			'YYYY-MM-DD"T"HH24:MI:SS"Z"') as starts
		from r, generate_series(extract(year from r.lo at time zone ${VN})::int,
			extract(year from r.hi at time zone ${VN})::int + 1) y
		order by y`.execute(db);
	const exact = sql`extract(year from e.signed_at at time zone ${VN})::int`;
	if (rows.length < 2) return exact;
	const at = (i: number) => sql`${sql.lit(rows[i]!.starts)}::timestamptz`;
	const branches = rows
		.slice(0, -1)
		.map((r, i) => sql`when e.signed_at < ${at(i + 1)} then ${sql.lit(r.year)}`);
	return sql`case when e.signed_at < ${at(0)} then ${exact} ${sql.join(branches, sql` `)} else ${exact} end`;
}

/** The documents of every outgoing numbered event on which a document rule can fire, with their spans. */
export async function documentCandidates(
	db: Kysely<Database>,
	s: DocumentRuleSettings
): Promise<DocumentYear[]> {
	const year = await vietnamYear(db);
	// As the rules' statement runs (findings/sync.ts): grouped in memory, no JIT compilation.
	await sql`select set_config('work_mem', '256MB', true), set_config('jit', 'off', true)`.execute(db);
	const { rows } = await sql<DocumentYear>`
		select e.agency_id, e.number, e.year, ${outward('min(e.signed_at)', 'max(e.signed_at)')}
		from (
			select e.document_agency_id as agency_id, e.document_number as number, ${year} as year, e.signing_form, e.signed_at
			from signing_events e
			where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
		) e
		group by 1, 2, 3
		having ${mayFire(s, 'e')}`.execute(db);
	return rows;
}
