// signing_document_state (migration 2026_12_12_0200): per document (agency, number and symbol,
// Vietnam year) of the outgoing numbered events, what the Decree 30 document rules test before
// reading a document's events (misuse-scan, src/lib/jobs/scans/document-rules.ts: mayFireState).
// Kept for the folded events (scan-state-fold.ts); checked against them and rebuilt whole with the other roll-ups
// (rollups.ts), whatever day bounds they are given: a document's row spans its whole year.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RollupDifference } from './rollups';
import { folded } from './scan-state-fold';
import { DECREE30_NUMBER_PATTERN, PERSON_FORMS } from '../../jobs/scans/document-rules';

const person = sql.join(PERSON_FORMS.map((f) => sql.lit(f)));

/** The rows as the folded events give them (a document with no event left has none; a row at zero counts as absent). */
const documentStateFromEvents = sql`
	select e.document_agency_id as agency_id, e.document_number as number,
		extract(year from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int as year,
		count(*)::int as events, (count(*) filter (where e.signing_form in (${person})))::int as person_events,
		min(e.signed_at) as first_at, max(e.signed_at) as last_at,
		min(e.signed_at) filter (where e.signing_form in (${person})) as first_person_at,
		min(e.signed_at) filter (where e.signing_form = 'org') as first_org_at,
		e.document_number ~ ${DECREE30_NUMBER_PATTERN} as number_valid
	from signing_events e
	where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
		and ${folded('e')}
	group by 1, 2, 3`;

const line = (r: string) =>
	sql.raw(
		`concat_ws('|', ${r}.events, ${r}.person_events, ${r}.first_at, ${r}.last_at, ${r}.first_person_at, ${r}.first_org_at, ${r}.number_valid)`
	);

/** Where signing_document_state differs from a recomputation over the events. */
export async function documentStateDifferences(db: Kysely<Database>): Promise<RollupDifference[]> {
	const { rows } = await sql<RollupDifference>`
		with raw as (${documentStateFromEvents}),
		stored as (select * from signing_document_state where events > 0)
		select 'signing_document_state' as table,
			concat_ws('|', coalesce(r.agency_id, s.agency_id), coalesce(r.year, s.year), coalesce(r.number, s.number)) as key,
			case when r.agency_id is null then null else ${line('r')} end as expected,
			case when s.agency_id is null then null else ${line('s')} end as stored
		from raw r full join stored s on r.agency_id = s.agency_id and r.number = s.number and r.year = s.year
		where r.agency_id is null or s.agency_id is null or ${line('r')} <> ${line('s')}
		order by 2`.execute(db);
	return rows;
}

/** Replaces every row with a recomputation from the events (in the caller's transaction). */
export async function rebuildDocumentState(db: Kysely<Database>): Promise<number> {
	await sql`delete from signing_document_state`.execute(db);
	const r = await sql`
		insert into signing_document_state (agency_id, number, year, events, person_events, first_at, last_at,
			first_person_at, first_org_at, number_valid)
		select * from (${documentStateFromEvents}) d order by 1, 2, 3`.execute(db);
	return Number(r.numAffectedRows ?? 0);
}
