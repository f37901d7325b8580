import { sql, type Kysely } from 'kysely';

// A key device's current state, kept beside its custody events (issue 13). The view
// token_holdings derived it from the events on every read: two passes over all the events of all
// devices, whatever the reader asked for, because a filter on the holder's agency (an officer's
// subtree, an agency's page) cannot reach inside them (≈ 30 ms at --scale 10 for an agency with 62
// devices). token_custody_state holds the same derivation per device, recomputed for the devices a
// statement on token_custody_events touches (statement-level triggers, in the writer's
// transaction), and token_holdings now reads it, so every reader keeps its columns and meaning:
// - status from the latest event (by occurred_at, then id), no event → in stock;
// - holder person and agency from the latest event that places the device (any but locked, lost).
// A device without events has no row (the view answers in stock, no holder). Checked and
// rebuilt by `kiem-ky summary verify | rebuild` (src/lib/server/rollups/overview-rollups.ts).
const STATUS = (event: string) => `(case ${event}
	when 'issued' then 'issued' when 'handed_over' then 'issued' when 'recovered' then 'issued'
	when 'locked' then 'locked' when 'lost' then 'lost' when 'damaged' then 'damaged'
	when 'returned_to_ca' then 'returned' else 'in_stock' end)::token_status`;

// The state of the devices that `ids` (an int[] expression) names, from their events.
const stateOf = (ids: string) => `
	select l.token_id, ${STATUS('l.event')} as status, p.to_person_id as holder_person_id,
		p.agency_id as holder_agency_id, l.event as last_event, l.occurred_at as status_since
	from (
		select distinct on (e.token_id) e.token_id, e.event, e.occurred_at
		from token_custody_events e where e.token_id = any(${ids})
		order by e.token_id, e.occurred_at desc, e.id desc
	) l left join (
		select distinct on (e.token_id) e.token_id, e.to_person_id, e.agency_id
		from token_custody_events e where e.token_id = any(${ids}) and e.event not in ('locked', 'lost')
		order by e.token_id, e.occurred_at desc, e.id desc
	) p on p.token_id = l.token_id`;

const TRIGGERS = ['token_custody_state_insert', 'token_custody_state_update', 'token_custody_state_delete'];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table token_custody_state (
			token_id integer primary key references tokens (id) on delete cascade,
			status token_status,
			holder_person_id integer,
			holder_agency_id integer,
			last_event text not null,
			status_since timestamptz not null
		)
	`.execute(db);
	await sql`create index token_custody_state_agency_idx on token_custody_state (holder_agency_id)
		include (status)`.execute(db);
	await sql
		.raw(
			`
		create function token_custody_state_refresh(ids integer[]) returns void language sql as $$
			delete from token_custody_state where token_id = any(ids);
			insert into token_custody_state (token_id, status, holder_person_id, holder_agency_id, last_event, status_since)
			${stateOf('ids')};
		$$
	`
		)
		.execute(db);
	// Each branch reads only the transition tables its operation has.
	await sql`
		create function token_custody_state_note() returns trigger language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				perform token_custody_state_refresh(array(select distinct token_id from new_rows));
			elsif tg_op = 'DELETE' then
				perform token_custody_state_refresh(array(select distinct token_id from old_rows));
			else
				perform token_custody_state_refresh(array(
					select token_id from old_rows union select token_id from new_rows));
			end if;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger token_custody_state_insert after insert on token_custody_events
		referencing new table as new_rows for each statement execute function token_custody_state_note()
	`.execute(db);
	await sql`
		create trigger token_custody_state_update after update on token_custody_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function token_custody_state_note()
	`.execute(db);
	await sql`
		create trigger token_custody_state_delete after delete on token_custody_events
		referencing old table as old_rows for each statement execute function token_custody_state_note()
	`.execute(db);
	await sql`select token_custody_state_refresh(array(select distinct token_id from token_custody_events))`.execute(
		db
	);
	await sql`
		create or replace view token_holdings as
		select t.id as token_id, coalesce(s.status, 'in_stock')::token_status as status,
			s.holder_person_id, s.holder_agency_id, s.last_event, s.status_since
		from tokens t left join token_custody_state s on s.token_id = t.id
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql
		.raw(
			`
		create or replace view token_holdings as
		select t.id as token_id, ${STATUS('last.event')} as status,
			place.to_person_id as holder_person_id, place.agency_id as holder_agency_id,
			last.event as last_event, last.occurred_at as status_since
		from tokens t
		left join (
			select distinct on (e.token_id) e.token_id, e.event, e.occurred_at
			from token_custody_events e
			order by e.token_id, e.occurred_at desc, e.id desc
		) last on last.token_id = t.id
		left join (
			select distinct on (e.token_id) e.token_id, e.to_person_id, e.agency_id
			from token_custody_events e
			where e.event not in ('locked', 'lost')
			order by e.token_id, e.occurred_at desc, e.id desc
		) place on place.token_id = t.id
	`
		)
		.execute(db);
	for (const t of TRIGGERS) await sql.raw(`drop trigger if exists ${t} on token_custody_events`).execute(db);
	await sql`drop function if exists token_custody_state_note()`.execute(db);
	await sql`drop function if exists token_custody_state_refresh(integer[])`.execute(db);
	await sql`drop table if exists token_custody_state`.execute(db);
}
