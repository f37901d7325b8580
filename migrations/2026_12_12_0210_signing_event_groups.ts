import { sql, type Kysely } from 'kysely';

// The misuse scan's event groups kept as events arrive (issue 13): one row per (certificate,
// acting person, acting title, signing form, document agency, direction) with the number of
// events, the first and last signing time, the number of events a per-event rule flags whatever
// the settings (secret documents, incoming documents accepted though not TOTAL_PASSED or recorded
// with no verification result), and the Vietnam hours the group's outgoing events were signed in
// (bit h set for hour h), from which the scan tells the groups with a night signature for any
// night hours the setting names. A full misuse scan grouped every event this way at each run
// (about 1-1.5 s of hashing at scale 10 for 47,000 groups); it now reads these rows.
//
// Kept for the events up to scan_state_folded.last_event_id, as signing_document_state
// (2026_12_12_0200): the misuse scan folds new events into both at the start of each run
// (scan_state_fold below, not a trigger on insert: the API import's rate comes first); updates
// that change a column the rows depend on, and deletes, recompute the groups they touch from the
// folded events (a group with no event left stays, at zero). Deferred with kiemky.rollups =
// 'deferred' (the seed rebuilds: rebuildRollups).
const HOUR = `extract(hour from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int`;
const KEY = `certificate_id, acting_person_id, acting_title, signing_form, document_agency_id, direction`;
const FLAGGED = `e.classification <> 'normal'
	or (e.direction = 'incoming' and e.accepted and e.incoming_indication <> 'TOTAL_PASSED')
	or (e.direction = 'incoming' and e.accepted is not false and e.incoming_indication is null)`;
const AGGREGATES = `count(e.id)::int, min(e.signed_at), max(e.signed_at),
	(count(e.id) filter (where ${FLAGGED}))::int,
	coalesce(bit_or(1 << ${HOUR}) filter (where e.direction = 'outgoing'), 0)`;
const COLUMNS = `${KEY}, events, first_at, last_at, flagged, hours`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;
/** The columns an update must change for a group to be recomputed. */
const READ = `e.signed_at, e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id,
	e.direction, e.classification, e.incoming_indication, e.accepted`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table signing_event_groups (
		certificate_id integer,
		acting_person_id integer,
		acting_title text,
		signing_form text not null,
		document_agency_id integer,
		direction text not null,
		events integer not null,
		first_at timestamptz,
		last_at timestamptz,
		flagged integer not null,
		hours integer not null,
		constraint signing_event_groups_key unique nulls not distinct
			(certificate_id, acting_person_id, acting_title, signing_form, document_agency_id, direction)
	)`.execute(db);
	// The events after `after` up to `upto` added to their groups' rows.
	await sql
		.raw(
			`create function signing_event_groups_fold(folded_id bigint, upto_id bigint) returns void language sql as $$
			insert into signing_event_groups as g (${COLUMNS})
			select e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction,
				${AGGREGATES}
			from signing_events e where e.id > folded_id and e.id <= upto_id
			group by 1, 2, 3, 4, 5, 6
			on conflict on constraint signing_event_groups_key do update set events = g.events + excluded.events,
				first_at = least(g.first_at, excluded.first_at), last_at = greatest(g.last_at, excluded.last_at),
				flagged = g.flagged + excluded.flagged, hours = g.hours | excluded.hours
		$$`
		)
		.execute(db);
	// Folds the events after the last folded one up to `upto` (an id below which no event can still
	// commit: the scan's arrivedUpTo) into both state tables, under the row's lock; returns how many
	// ids it moved over (0 when `upto` is not past the last folded one).
	await sql`
		create function scan_state_fold(upto bigint) returns bigint language plpgsql as $$
		declare
			folded_id bigint;
		begin
			select f.last_event_id into folded_id from scan_state_folded f for update;
			if folded_id >= upto then return 0; end if;
			perform signing_document_state_fold(folded_id, upto);
			perform signing_event_groups_fold(folded_id, upto);
			update scan_state_folded set last_event_id = upto;
			return upto - folded_id;
		end $$
	`.execute(db);
	// The given groups again from their events, read by the certificate index (a group with no
	// certificate by the rows without one); a group with no event left stays, at zero.
	await sql
		.raw(
			`create function signing_event_groups_recount(keys jsonb) returns void language sql as $$
			insert into signing_event_groups as g (${COLUMNS})
			select k.certificate_id, k.acting_person_id, k.acting_title, k.signing_form, k.document_agency_id, k.direction,
				a.*
			from (select distinct * from jsonb_to_recordset(keys) as k(certificate_id integer, acting_person_id integer,
				acting_title text, signing_form text, document_agency_id integer, direction text)) k
			cross join lateral (
				select ${AGGREGATES} from (
					select e.* from signing_events e where e.certificate_id = k.certificate_id
					union all
					select e.* from signing_events e where k.certificate_id is null and e.certificate_id is null
				) e
				where e.id <= (select f.last_event_id from scan_state_folded f)
					and e.acting_person_id is not distinct from k.acting_person_id
					and e.acting_title is not distinct from k.acting_title and e.signing_form = k.signing_form
					and e.document_agency_id is not distinct from k.document_agency_id and e.direction = k.direction
			) a
			on conflict on constraint signing_event_groups_key do update set events = excluded.events,
				first_at = excluded.first_at, last_at = excluded.last_at, flagged = excluded.flagged, hours = excluded.hours
		$$`
		)
		.execute(db);
	await sql
		.raw(
			`create function signing_event_groups_change() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			if tg_op = 'DELETE' then
				perform signing_event_groups_recount(jsonb_agg(k))
				from (select distinct ${KEY} from old_rows) k
				having count(*) > 0;
			else
				perform signing_event_groups_recount(jsonb_agg(k))
				from (
					select e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction
					from old_rows e join new_rows x on x.id = e.id
					where (${READ}) is distinct from (${READ.replaceAll('e.', 'x.')})
					union
					select x.certificate_id, x.acting_person_id, x.acting_title, x.signing_form, x.document_agency_id, x.direction
					from old_rows e join new_rows x on x.id = e.id
					where (${READ}) is distinct from (${READ.replaceAll('e.', 'x.')})
				) k
				having count(*) > 0;
			end if;
			return null;
		end $$`
		)
		.execute(db);
	await sql`
		create trigger signing_event_groups_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function signing_event_groups_change()
	`.execute(db);
	await sql`
		create trigger signing_event_groups_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_event_groups_change()
	`.execute(db);
	await sql`select set_config('work_mem', '256MB', true)`.execute(db);
	await sql
		.raw(
			`insert into signing_event_groups (${COLUMNS})
			select e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction,
				${AGGREGATES}
			from signing_events e where e.id <= (select f.last_event_id from scan_state_folded f)
			group by 1, 2, 3, 4, 5, 6`
		)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger signing_event_groups_delete on signing_events`.execute(db);
	await sql`drop trigger signing_event_groups_update on signing_events`.execute(db);
	await sql`drop function signing_event_groups_change()`.execute(db);
	await sql`drop function signing_event_groups_recount(jsonb)`.execute(db);
	await sql`drop function scan_state_fold(bigint)`.execute(db);
	await sql`drop function signing_event_groups_fold(bigint, bigint)`.execute(db);
	await sql`drop table signing_event_groups`.execute(db);
}
