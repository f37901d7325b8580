// The documents a full run of the Decree 30 document rules must judge: one grouped read of every
// outgoing numbered event, per document (agency, number and symbol, Vietnam year), keeping only
// plain aggregates (no arrays, no ordering), and only the documents on which one of the four rules
// can fire. documentRules then judges those few as an incremental run judges its documents (each
// read by the document index within its span), so the findings are those of the rules over every
// document: a document left out cannot have a finding, because each test below is implied by its
// rule.
//  - document_number_invalid: the number does not match the pattern (tested once per document);
//  - document_number_duplicate: more than one competent person's signature;
//  - org_signed_before_person: an organisation signature with no competent person's signature at
//    or before the first one (none at all, or the first person's signature later);
//  - signing_time_zone_slip: a signature 7 h ± the tolerance off the first competent person's
//    needs an event at least 7 h - tolerance after it (the last event) or before it (the first).
// Grouping every event with four ordered array_aggs, and joining every event back to its document,
// took 24 s at scale 10 (1.65 million events, 791,000 documents); this read takes about 3 s.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema';
import { DECREE30_NUMBER_PATTERN, PERSON_FORMS, type DocumentRuleSettings } from './document-rules';
import { outward, type DocumentYear } from './document-spans';

const VN = sql.lit('Asia/Ho_Chi_Minh');
const personForms = sql.join(PERSON_FORMS.map((f) => sql.lit(f)));
const SEVEN_HOURS = 7 * 3600;

/**
 * The Vietnam year of e.signed_at, as extract(year from e.signed_at at time zone VN) gives it, with
 * the years from `from` to `to` decided by comparing with their first instants (literals): the
 * conversion to local time, per event, was about a sixth of the grouped read. Other years (an
 * event that arrived since the range was read) take the conversion.
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
	const near = sql.lit(SEVEN_HOURS - s.zoneSlipToleranceMinutes * 60);
	const { rows } = await sql<DocumentYear>`
		select g.agency_id, g.number, g.year, ${outward('g.first_at', 'g.last_at')} from (
			select e.document_agency_id as agency_id, e.document_number as number, ${year} as year,
				count(*) filter (where e.signing_form in (${personForms})) as persons,
				min(e.signed_at) filter (where e.signing_form in (${personForms})) as person_at,
				min(e.signed_at) filter (where e.signing_form = 'org') as org_at,
				min(e.signed_at) as first_at, max(e.signed_at) as last_at
			from signing_events e
			where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
			group by 1, 2, 3
		) g
		where g.persons > 1
			or (g.org_at is not null and (g.person_at is null or g.person_at > g.org_at))
			or (g.person_at is not null and (extract(epoch from g.last_at - g.person_at) >= ${near}
				or extract(epoch from g.person_at - g.first_at) >= ${near}))
			or g.number !~ ${DECREE30_NUMBER_PATTERN}`.execute(db);
	return rows;
}
