import { sql, type Kysely } from 'kysely';

// Events per certificate and Vietnam month (issue 13): "certificates that signed in a span" over a
// quarter or a year read one certificate_daily_use row per certificate and day of the span; this
// table answers the span's whole months with one row per certificate and month (the daily table
// still answers the days of its partial months). Read by month, so its index leads with the month
// and carries the certificate (index-only). Kept like certificate_daily_use: statement-level
// triggers on signing_events (deferred with kiemky.rollups = 'deferred', as the seed does), a
// removal subtracting and dropping the rows that fall to zero. Events of certificates not in the
// inventory are not here. No agency: readers join today's certificate for its status and agency.
const MONTH = `date_trunc('month', (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date)::date`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;
const TRIGGERS = [
	'certificate_monthly_use_insert',
	'certificate_monthly_use_delete',
	'certificate_monthly_use_update_old',
	'certificate_monthly_use_update_new'
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table certificate_monthly_use (
			certificate_id integer not null,
			month date not null,
			n integer not null check (n >= 0),
			primary key (certificate_id, month)
		)
	`.execute(db);
	await sql`create index certificate_monthly_use_month_idx on certificate_monthly_use (month)
		include (certificate_id, n)`.execute(db);
	await sql
		.raw(
			`
		create function certificate_monthly_use_add() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			insert into certificate_monthly_use as u (certificate_id, month, n)
			select e.certificate_id, ${MONTH}, count(*)::int
			from new_rows e join certificates c on c.id = e.certificate_id
			group by 1, 2
			on conflict (certificate_id, month) do update set n = u.n + excluded.n;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql
		.raw(
			`
		create function certificate_monthly_use_remove() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			update certificate_monthly_use u set n = u.n - o.n
			from (
				select e.certificate_id, ${MONTH} as month, count(*)::int as n
				from old_rows e where e.certificate_id is not null group by 1, 2
			) o
			where u.certificate_id = o.certificate_id and u.month = o.month;
			delete from certificate_monthly_use u using (select distinct certificate_id from old_rows) o
			where u.certificate_id = o.certificate_id and u.n = 0;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql`
		create trigger certificate_monthly_use_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function certificate_monthly_use_add()
	`.execute(db);
	await sql`
		create trigger certificate_monthly_use_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function certificate_monthly_use_remove()
	`.execute(db);
	// An update is a removal of the old rows and an addition of the new ones.
	await sql`
		create trigger certificate_monthly_use_update_old after update on signing_events
		referencing old table as old_rows for each statement execute function certificate_monthly_use_remove()
	`.execute(db);
	await sql`
		create trigger certificate_monthly_use_update_new after update on signing_events
		referencing new table as new_rows for each statement execute function certificate_monthly_use_add()
	`.execute(db);
	// Existing events (databases migrated after data arrived).
	await sql
		.raw(
			`
		insert into certificate_monthly_use (certificate_id, month, n)
		select e.certificate_id, ${MONTH}, count(*)::int
		from signing_events e join certificates c on c.id = e.certificate_id
		group by 1, 2
	`
		)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of TRIGGERS) await sql.raw(`drop trigger if exists ${t} on signing_events`).execute(db);
	await sql`drop function if exists certificate_monthly_use_add()`.execute(db);
	await sql`drop function if exists certificate_monthly_use_remove()`.execute(db);
	await sql`drop table if exists certificate_monthly_use`.execute(db);
}
