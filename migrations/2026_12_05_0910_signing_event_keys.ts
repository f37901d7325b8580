import { sql, type Kysely } from 'kysely';

// Idempotency of signing events by (source_system, source_id), whatever the signing time a
// resend carries. signing_events is partitioned by signed_at, and PostgreSQL wants the partition
// key in every unique constraint, so the key lives in a table of its own, kept by statement-level
// triggers on signing_events from their transition tables: every writer (the import pipeline, the
// demo seed, a COPY) keeps it without knowing it exists. Its primary key refuses a second event of
// the same source record, which the import pipeline avoids by reading it first. A detached
// partition keeps its keys: an archived month cannot be imported again by mistake.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table signing_event_keys (
			source_system text not null,
			source_id text not null,
			primary key (source_system, source_id)
		)
	`.execute(db);
	await sql`
		create function signing_event_keys_add() returns trigger language plpgsql as $$
		begin
			insert into signing_event_keys (source_system, source_id)
			select source_system, source_id from new_rows;
			return null;
		end $$
	`.execute(db);
	await sql`
		create function signing_event_keys_remove() returns trigger language plpgsql as $$
		begin
			delete from signing_event_keys k using old_rows o
			where k.source_system = o.source_system and k.source_id = o.source_id;
			return null;
		end $$
	`.execute(db);
	// An update that keeps the keys (linking a certificate later) leaves the key table alone.
	await sql`
		create function signing_event_keys_rekey() returns trigger language plpgsql as $$
		begin
			delete from signing_event_keys k
			using (select source_system, source_id from old_rows except select source_system, source_id from new_rows) o
			where k.source_system = o.source_system and k.source_id = o.source_id;
			insert into signing_event_keys (source_system, source_id)
			select source_system, source_id from new_rows except select source_system, source_id from old_rows;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger signing_event_keys_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_event_keys_add()
	`.execute(db);
	await sql`
		create trigger signing_event_keys_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_event_keys_remove()
	`.execute(db);
	await sql`
		create trigger signing_event_keys_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function signing_event_keys_rekey()
	`.execute(db);
	// Events stored before this migration: the first of each source record stands for it.
	await sql`
		insert into signing_event_keys (source_system, source_id)
		select distinct source_system, source_id from signing_events
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['signing_event_keys_insert', 'signing_event_keys_delete', 'signing_event_keys_update'])
		await sql.raw(`drop trigger if exists ${t} on signing_events`).execute(db);
	for (const f of ['signing_event_keys_add', 'signing_event_keys_remove', 'signing_event_keys_rekey'])
		await sql.raw(`drop function if exists ${f}()`).execute(db);
	await sql`drop table signing_event_keys`.execute(db);
}
