import { sql, type Kysely } from 'kysely';

// The province's signatures per Vietnam day × channel × form × classification, without agency
// (issue 13): the daily summary carries the agency, so a province-wide figure over a few days
// (the current month's days on the overview, a series by day or week on /ky-so) read every
// agency's rows of those days, nearly as many as the events. This table holds a few dozen rows a
// day whatever the number of agencies. Kept like the monthly tables: statement-level triggers on
// signing_events fold each statement's transition table in one grouped upsert (deferred with
// kiemky.rollups = 'deferred', as the seed does). No agency, so a certificate changing agency
// moves nothing here.
const DAY = `(e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;
const TRIGGERS = [
	'signing_daily_province_insert',
	'signing_daily_province_delete',
	'signing_daily_province_update_old',
	'signing_daily_province_update_new'
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table signing_daily_province (
			day date not null,
			channel text not null,
			signing_form text not null,
			classification text not null,
			n integer not null check (n >= 0),
			constraint signing_daily_province_key primary key (day, channel, signing_form, classification) include (n)
		)
	`.execute(db);
	await sql
		.raw(
			`
		create function signing_daily_province_add() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			insert into signing_daily_province as s (day, channel, signing_form, classification, n)
			select ${DAY}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e group by 1, 2, 3, 4
			on conflict on constraint signing_daily_province_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql
		.raw(
			`
		create function signing_daily_province_remove() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			update signing_daily_province s set n = s.n - o.n
			from (
				select ${DAY} as day, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e group by 1, 2, 3, 4
			) o
			where s.day = o.day and s.channel = o.channel and s.signing_form = o.signing_form
				and s.classification = o.classification;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql`
		create trigger signing_daily_province_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_daily_province_add()
	`.execute(db);
	await sql`
		create trigger signing_daily_province_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_daily_province_remove()
	`.execute(db);
	// An update is a removal of the old rows and an addition of the new ones.
	await sql`
		create trigger signing_daily_province_update_old after update on signing_events
		referencing old table as old_rows for each statement execute function signing_daily_province_remove()
	`.execute(db);
	await sql`
		create trigger signing_daily_province_update_new after update on signing_events
		referencing new table as new_rows for each statement execute function signing_daily_province_add()
	`.execute(db);
	// Existing events (databases migrated after data arrived).
	await sql
		.raw(
			`
		insert into signing_daily_province (day, channel, signing_form, classification, n)
		select ${DAY}, e.channel, e.signing_form, e.classification, count(*)::int
		from signing_events e group by 1, 2, 3, 4
	`
		)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of TRIGGERS) await sql.raw(`drop trigger if exists ${t} on signing_events`).execute(db);
	await sql`drop function if exists signing_daily_province_add()`.execute(db);
	await sql`drop function if exists signing_daily_province_remove()`.execute(db);
	await sql`drop table if exists signing_daily_province`.execute(db);
}
