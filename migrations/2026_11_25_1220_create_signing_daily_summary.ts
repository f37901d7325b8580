import { sql, type Kysely } from 'kysely';

// Daily counts of signing events per (Vietnam day, signing certificate's agency, channel, form,
// classification), kept exact by statement-level triggers on signing_events, so that the
// dashboard's charts over a year read thousands of rows instead of millions. Queries that
// filter by certificate or person still read signing_events itself.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table signing_daily_summary (
			day date not null,
			agency_id integer,
			channel text not null,
			signing_form text not null,
			classification text not null,
			n integer not null check (n >= 0),
			constraint signing_daily_summary_key unique nulls not distinct (day, agency_id, channel, signing_form, classification)
		)
	`.execute(db);
	await sql`create index signing_daily_summary_agency_idx on signing_daily_summary (agency_id, day)`.execute(
		db
	);

	// One function per direction; each folds a statement's transition table into the summary.
	await sql`
		create function signing_summary_add() returns trigger language plpgsql as $$
		begin
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date, c.agency_id, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	await sql`
		create function signing_summary_remove() returns trigger language plpgsql as $$
		begin
			update signing_daily_summary s set n = s.n - o.n
			from (
				select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, c.agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2, 3, 4, 5
			) o
			where s.day = o.day and s.agency_id is not distinct from o.agency_id and s.channel = o.channel
				and s.signing_form = o.signing_form and s.classification = o.classification;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger signing_summary_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_summary_add()
	`.execute(db);
	await sql`
		create trigger signing_summary_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_summary_remove()
	`.execute(db);
	// An update is a removal of the old rows and an addition of the new ones.
	await sql`
		create trigger signing_summary_update_old after update on signing_events
		referencing old table as old_rows for each statement execute function signing_summary_remove()
	`.execute(db);
	await sql`
		create trigger signing_summary_update_new after update on signing_events
		referencing new table as new_rows for each statement execute function signing_summary_add()
	`.execute(db);

	// Existing events (databases migrated after data arrived).
	await sql`
		insert into signing_daily_summary (day, agency_id, channel, signing_form, classification, n)
		select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date, c.agency_id, e.channel, e.signing_form, e.classification, count(*)::int
		from signing_events e left join certificates c on c.id = e.certificate_id
		group by 1, 2, 3, 4, 5
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'signing_summary_insert',
		'signing_summary_delete',
		'signing_summary_update_old',
		'signing_summary_update_new'
	])
		await sql.raw(`drop trigger if exists ${t} on signing_events`).execute(db);
	await sql`drop function if exists signing_summary_add()`.execute(db);
	await sql`drop function if exists signing_summary_remove()`.execute(db);
	await sql`drop table signing_daily_summary`.execute(db);
}
