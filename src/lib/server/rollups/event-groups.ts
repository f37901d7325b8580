// signing_event_groups (migration 2026_12_12_0210): the misuse scan's event groups (certificate,
// acting person, acting title, signing form, document agency, direction) with their count, first
// and last signing time, flagged events and the Vietnam hours of their outgoing events
// (src/lib/jobs/scans/candidate-events.ts). Kept for the folded events (scan-state-fold.ts); checked and
// rebuilt whole with the other roll-ups (rollups.ts), whatever day bounds they are given.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RollupDifference } from './rollups';
import { folded } from './scan-state-fold';

/** The rows as the folded events give them (a group with no event left has none; a row at zero counts as absent). */
const eventGroupsFromEvents = sql`
	select e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction,
		count(*)::int as events, min(e.signed_at) as first_at, max(e.signed_at) as last_at,
		(count(*) filter (where e.classification <> 'normal'
			or (e.direction = 'incoming' and e.accepted and e.incoming_indication <> 'TOTAL_PASSED')
			or (e.direction = 'incoming' and e.accepted is not false and e.incoming_indication is null)))::int as flagged,
		coalesce(bit_or(1 << extract(hour from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int)
			filter (where e.direction = 'outgoing'), 0) as hours
	from signing_events e
	where ${folded('e')}
	group by 1, 2, 3, 4, 5, 6`;

const key = (r: string) =>
	sql.raw(
		`concat_ws('|', ${r}.certificate_id, ${r}.acting_person_id, ${r}.acting_title, ${r}.signing_form, ${r}.document_agency_id, ${r}.direction)`
	);
const line = (r: string) =>
	sql.raw(`concat_ws('|', ${r}.events, ${r}.first_at, ${r}.last_at, ${r}.flagged, ${r}.hours)`);
const same = sql`r.certificate_id is not distinct from s.certificate_id
	and r.acting_person_id is not distinct from s.acting_person_id and r.acting_title is not distinct from s.acting_title
	and r.signing_form = s.signing_form and r.document_agency_id is not distinct from s.document_agency_id
	and r.direction = s.direction`;

/** Where signing_event_groups differs from a recomputation over the events. */
export async function eventGroupDifferences(db: Kysely<Database>): Promise<RollupDifference[]> {
	const { rows } = await sql<RollupDifference>`
		with raw as (${eventGroupsFromEvents}),
		stored as (select * from signing_event_groups where events > 0)
		select 'signing_event_groups' as table, case when r.signing_form is null then ${key('s')} else ${key('r')} end as key,
			case when r.signing_form is null then null else ${line('r')} end as expected,
			case when s.signing_form is null then null else ${line('s')} end as stored
		from raw r full join stored s on ${same}
		where r.signing_form is null or s.signing_form is null or ${line('r')} <> ${line('s')}
		order by 2`.execute(db);
	return rows;
}

/** Replaces every row with a recomputation from the events (in the caller's transaction). */
export async function rebuildEventGroups(db: Kysely<Database>): Promise<number> {
	await sql`delete from signing_event_groups`.execute(db);
	const r = await sql`
		insert into signing_event_groups (certificate_id, acting_person_id, acting_title, signing_form,
			document_agency_id, direction, events, first_at, last_at, flagged, hours)
		${eventGroupsFromEvents}`.execute(db);
	return Number(r.numAffectedRows ?? 0);
}
