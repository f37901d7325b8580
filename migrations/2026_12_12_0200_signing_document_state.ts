import { sql, type Kysely } from 'kysely';

// What the Decree 30 document rules need to know of each document before reading its events
// (issue 13): per document (agency, number and symbol, Vietnam year) of the outgoing events, the
// number of events and of competent person's signatures, the first and last signing time, the
// first competent signature, the first organisation signature, and whether the number follows
// Decree 30. misuse-scan used to group every outgoing numbered event for this at each full run
// (about 3 s at scale 10) and, at each nightly run, to read every new document's events by index
// (one read per document); it now reads these rows.
//
// Kept for the events up to scan_state_folded.last_event_id (created here, shared with
// signing_event_groups, 2026_12_12_0210): new events are folded in by the misuse scan at the start
// of each run (scan_state_fold, 2026_12_12_0210), not by a trigger on insert, which cost the API
// import about a third of its rate (an upsert per document: the benchmark's 5,000-event batches
// carry 5,000 documents). Updates that move a folded event between documents, years or forms and
// deletes recompute the documents they touch from the folded events (the document index), leaving
// a row at zero when no event is left, so that an incremental scan still finds the document and
// resolves its findings; they take a share lock on the fold's row, so a fold and a recount never
// interleave. Deferred with kiemky.rollups = 'deferred' like the other roll-ups (the seed
// rebuilds: rebuildRollups, which folds every event). The first and last signing time replace
// scan_document_spans (2026_12_10_0300), which the scan kept from the events it read: that table
// and its widening on the update path are dropped.
//
// The number pattern is DECREE30_NUMBER_PATTERN of src/lib/jobs/scans/document-rules.ts as of this
// migration (migrations import no app code); `kiem-ky summary verify` compares number_valid with the
// current pattern, so a changed pattern shows as differences until `summary rebuild`.
const PATTERN = '^(0[1-9]|[1-9][0-9]+)(/[0-9]{4})?/[A-ZĐ][A-Za-zĐđ0-9&]*(-[A-ZĐ][A-Za-zĐđ0-9&]*){1,3}$';
const PERSON = `('own', 'kt', 'tl', 'tuq', 'tm', 'q')`;
const YEAR = `extract(year from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int`;
const RULED = `e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;
const AGGREGATES = `count(e.id)::int, (count(e.id) filter (where e.signing_form in ${PERSON}))::int,
	min(e.signed_at), max(e.signed_at), min(e.signed_at) filter (where e.signing_form in ${PERSON}),
	min(e.signed_at) filter (where e.signing_form = 'org')`;
const COLUMNS = `agency_id, number, year, events, person_events, first_at, last_at, first_person_at, first_org_at, number_valid`;

/** scan_dirty_certificates_note as 2026_12_06_0800 wrote it, or (down) with 2026_12_10_0300's span widening. */
function dirtyNote(spans: boolean): string {
	const widen = spans
		? `if tg_op = 'UPDATE' then
				insert into scan_document_spans as s (agency_id, number, year, first_at, last_at)
				select e.document_agency_id, e.document_number,
					extract(year from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int, min(e.signed_at), max(e.signed_at)
				from new_rows e
				where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
				group by 1, 2, 3
				on conflict (agency_id, number, year) do update set
					first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at);
			end if;`
		: '';
	return `create or replace function scan_dirty_certificates_note() returns trigger language plpgsql as $$
		begin
			insert into scan_dirty_certificates (certificate_id)
			select distinct certificate_id from old_rows where certificate_id is not null
			on conflict do nothing;
			if tg_op = 'UPDATE' then
				insert into scan_dirty_certificates (certificate_id)
				select distinct certificate_id from new_rows where certificate_id is not null
				on conflict do nothing;
			end if;
			${widen}
			return null;
		end $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
	// The newest event id the scan's state tables hold (one row).
	await sql`create table scan_state_folded (
		only_row boolean primary key default true check (only_row),
		last_event_id bigint not null
	)`.execute(db);
	await sql`insert into scan_state_folded (last_event_id) select coalesce(max(id), 0) from signing_events`.execute(
		db
	);
	await sql`create table signing_document_state (
		agency_id integer not null,
		number text not null,
		year integer not null,
		events integer not null,
		person_events integer not null,
		first_at timestamptz,
		last_at timestamptz,
		first_person_at timestamptz,
		first_org_at timestamptz,
		number_valid boolean not null,
		primary key (agency_id, number, year)
	)`.execute(db);
	// The events after `after` up to `upto` added to their documents' rows (scan_state_fold, 2026_12_12_0210).
	await sql
		.raw(
			`create function signing_document_state_fold(folded_id bigint, upto_id bigint) returns void language sql as $$
			insert into signing_document_state as s (${COLUMNS})
			select e.document_agency_id, e.document_number, ${YEAR}, ${AGGREGATES}, e.document_number ~ '${PATTERN}'
			from signing_events e where e.id > folded_id and e.id <= upto_id and ${RULED}
			group by 1, 2, 3
			on conflict (agency_id, number, year) do update set events = s.events + excluded.events,
				person_events = s.person_events + excluded.person_events,
				first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at),
				first_person_at = least(s.first_person_at, excluded.first_person_at),
				first_org_at = least(s.first_org_at, excluded.first_org_at)
		$$`
		)
		.execute(db);
	// The given documents again from their folded events (a document with none left stays, at zero).
	await sql
		.raw(
			`create function signing_document_state_recount(agencies integer[], numbers text[], years integer[])
			returns void language sql as $$
			select 1 from scan_state_folded for share;
			insert into signing_document_state as s (${COLUMNS})
			select k.agency_id, k.number, k.year, ${AGGREGATES}, k.number ~ '${PATTERN}'
			from (select distinct * from unnest(agencies, numbers, years) as k(agency_id, number, year)) k
			left join signing_events e on e.document_agency_id = k.agency_id and e.document_number = k.number
				and e.direction = 'outgoing' and ${YEAR} = k.year
				and e.id <= (select f.last_event_id from scan_state_folded f)
			group by 1, 2, 3
			on conflict (agency_id, number, year) do update set events = excluded.events,
				person_events = excluded.person_events, first_at = excluded.first_at, last_at = excluded.last_at,
				first_person_at = excluded.first_person_at, first_org_at = excluded.first_org_at,
				number_valid = excluded.number_valid
		$$`
		)
		.execute(db);
	// Only the updates that can move an event between documents, years or forms recount.
	await sql
		.raw(
			`create function signing_document_state_change() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			if tg_op = 'DELETE' then
				perform signing_document_state_recount(array_agg(k.a), array_agg(k.n), array_agg(k.y))
				from (select distinct e.document_agency_id as a, e.document_number as n, ${YEAR} as y
					from old_rows e where ${RULED}) k
				having count(*) > 0;
			else
				perform signing_document_state_recount(array_agg(k.a), array_agg(k.n), array_agg(k.y))
				from (
					select e.document_agency_id as a, e.document_number as n, ${YEAR} as y
					from old_rows e join new_rows x on x.id = e.id
					where ${RULED} and (e.signed_at, e.direction, e.document_number, e.document_agency_id, e.signing_form)
						is distinct from (x.signed_at, x.direction, x.document_number, x.document_agency_id, x.signing_form)
					union
					select e.document_agency_id, e.document_number, ${YEAR}
					from new_rows e join old_rows o on o.id = e.id
					where ${RULED} and (e.signed_at, e.direction, e.document_number, e.document_agency_id, e.signing_form)
						is distinct from (o.signed_at, o.direction, o.document_number, o.document_agency_id, o.signing_form)
				) k
				having count(*) > 0;
			end if;
			return null;
		end $$`
		)
		.execute(db);
	await sql`
		create trigger signing_document_state_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function signing_document_state_change()
	`.execute(db);
	await sql`
		create trigger signing_document_state_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_document_state_change()
	`.execute(db);
	await sql`select set_config('work_mem', '256MB', true)`.execute(db);
	await sql
		.raw(
			`insert into signing_document_state (${COLUMNS})
			select e.document_agency_id, e.document_number, ${YEAR}, ${AGGREGATES}, e.document_number ~ '${PATTERN}'
			from signing_events e where ${RULED} and e.id <= (select f.last_event_id from scan_state_folded f)
			group by 1, 2, 3 order by 1, 2, 3`
		)
		.execute(db);
	await sql.raw(dirtyNote(false)).execute(db);
	await sql`drop table scan_document_spans`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`create table scan_document_spans (
		agency_id integer not null,
		number text not null,
		year integer not null,
		first_at timestamptz not null,
		last_at timestamptz not null,
		primary key (agency_id, number, year)
	)`.execute(db);
	await sql`insert into scan_document_spans (agency_id, number, year, first_at, last_at)
		select agency_id, number, year, first_at, last_at from signing_document_state where events > 0`.execute(db);
	await sql.raw(dirtyNote(true)).execute(db);
	await sql`drop trigger signing_document_state_delete on signing_events`.execute(db);
	await sql`drop trigger signing_document_state_update on signing_events`.execute(db);
	await sql`drop function signing_document_state_change()`.execute(db);
	await sql`drop function signing_document_state_recount(integer[], text[], integer[])`.execute(db);
	await sql`drop function signing_document_state_fold(bigint, bigint)`.execute(db);
	await sql`drop table signing_document_state`.execute(db);
	await sql`drop table scan_state_folded`.execute(db);
}
