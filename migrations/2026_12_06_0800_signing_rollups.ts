import { sql, type Kysely } from 'kysely';

// Two more roll-ups of the signing events beside signing_daily_summary, kept by the same
// statement-level triggers (one grouped upsert per statement from the transition table, in the
// writer's transaction), so every writer (file import, API, CLI, demo seed, a COPY) keeps them
// without knowing they exist:
//  - certificate_daily_use: events per (Vietnam day, certificate), with the certificate's agency,
//    so "distinct certificates used per day × agency" is a count of rows, not of events;
//  - certificate_last_use: first and last signing time and event count per certificate, so
//    dormant certificates (unused 90 days) are an index range, not a scan of the events.
// Events of certificates not in the inventory (certificate_id null) are in neither.
// The seed (and a bulk rebuild) may defer them: with the setting kiemky.rollups = 'deferred' in
// the session, the triggers do nothing and `kiem-ky summary rebuild` computes them once.
const AGENCY = `case when e.certificate_id is null then e.document_agency_id else c.agency_id end`;
const DAY = `(e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table certificate_daily_use (
			day date not null,
			certificate_id integer not null,
			agency_id integer,
			n integer not null check (n >= 0),
			primary key (certificate_id, day)
		)
	`.execute(db);
	await sql`create index certificate_daily_use_day_idx on certificate_daily_use (day, agency_id)`.execute(db);
	await sql`create index certificate_daily_use_agency_idx on certificate_daily_use (agency_id, day)`.execute(
		db
	);
	await sql`
		create table certificate_last_use (
			certificate_id integer primary key,
			first_signed_at timestamptz,
			last_signed_at timestamptz,
			n bigint not null check (n >= 0)
		)
	`.execute(db);
	await sql`create index certificate_last_use_last_idx on certificate_last_use (last_signed_at)`.execute(db);
	// How far an incremental scan has read the events, by arrival (signing_events.id, an identity
	// column: events that arrive late with old signing times still get higher ids). Written in the
	// transaction that stores the scan's findings, so a failed run leaves it where it was.
	await sql`
		create table scan_watermarks (
			scan text primary key,
			last_event_id bigint not null,
			run_id bigint,
			updated_at timestamptz not null default now()
		)
	`.execute(db);
	// Events changed or removed after they arrived (a certificate linked later, a correction)
	// carry no new id: their certificates are noted here for the next incremental scan.
	await sql`create table scan_dirty_certificates (certificate_id integer primary key)`.execute(db);
	await sql`
		create function scan_dirty_certificates_note() returns trigger language plpgsql as $$
		begin
			insert into scan_dirty_certificates (certificate_id)
			select distinct certificate_id from old_rows where certificate_id is not null
			on conflict do nothing;
			if tg_op = 'UPDATE' then
				insert into scan_dirty_certificates (certificate_id)
				select distinct certificate_id from new_rows where certificate_id is not null
				on conflict do nothing;
			end if;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger scan_dirty_certificates_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function scan_dirty_certificates_note()
	`.execute(db);
	await sql`
		create trigger scan_dirty_certificates_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function scan_dirty_certificates_note()
	`.execute(db);

	await sql
		.raw(
			`
		create or replace function signing_summary_add() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select ${DAY}, ${AGENCY}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n;
			insert into certificate_daily_use as u (day, certificate_id, agency_id, n)
			select ${DAY}, e.certificate_id, min(c.agency_id), count(*)::int
			from new_rows e join certificates c on c.id = e.certificate_id
			group by 1, 2
			on conflict (certificate_id, day) do update set n = u.n + excluded.n;
			insert into certificate_last_use as l (certificate_id, first_signed_at, last_signed_at, n)
			select e.certificate_id, min(e.signed_at), max(e.signed_at), count(*)
			from new_rows e where e.certificate_id is not null
			group by 1
			on conflict (certificate_id) do update set n = l.n + excluded.n,
				first_signed_at = least(l.first_signed_at, excluded.first_signed_at),
				last_signed_at = greatest(l.last_signed_at, excluded.last_signed_at);
			return null;
		end $$
	`
		)
		.execute(db);
	// A removal cannot take a maximum back: the certificates whose events went have their first
	// and last use read again from the events, through the (certificate_id, signed_at) index.
	await sql
		.raw(
			`
		create or replace function signing_summary_remove() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			update signing_daily_summary s set n = s.n - o.n
			from (
				select ${DAY} as day, ${AGENCY} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2, 3, 4, 5
			) o
			where s.day = o.day and s.agency_id is not distinct from o.agency_id and s.channel = o.channel
				and s.signing_form = o.signing_form and s.classification = o.classification;
			update certificate_daily_use u set n = u.n - o.n
			from (
				select ${DAY} as day, e.certificate_id, count(*)::int as n
				from old_rows e where e.certificate_id is not null group by 1, 2
			) o
			where u.certificate_id = o.certificate_id and u.day = o.day;
			delete from certificate_daily_use u using (select distinct certificate_id from old_rows) o
			where u.certificate_id = o.certificate_id and u.n = 0;
			update certificate_last_use l set n = l.n - o.n,
				first_signed_at = (select min(x.signed_at) from signing_events x where x.certificate_id = l.certificate_id),
				last_signed_at = (select max(x.signed_at) from signing_events x where x.certificate_id = l.certificate_id)
			from (select e.certificate_id, count(*) as n from old_rows e where e.certificate_id is not null group by 1) o
			where l.certificate_id = o.certificate_id;
			delete from certificate_last_use l using (select distinct certificate_id from old_rows) o
			where l.certificate_id = o.certificate_id and l.n = 0;
			return null;
		end $$
	`
		)
		.execute(db);
	// A certificate that changes agency takes its daily use along (the daily summary's counts move
	// in signing_summary_move_certificate, which stays as it is).
	await sql`
		create function certificate_daily_use_move() returns trigger language plpgsql as $$
		begin
			if new.agency_id is not distinct from old.agency_id then
				return null;
			end if;
			update certificate_daily_use set agency_id = new.agency_id where certificate_id = new.id;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger certificate_daily_use_agency after update of agency_id on certificates
		for each row execute function certificate_daily_use_move()
	`.execute(db);

	await sql
		.raw(
			`
		insert into certificate_daily_use (day, certificate_id, agency_id, n)
		select ${DAY}, e.certificate_id, min(c.agency_id), count(*)::int
		from signing_events e join certificates c on c.id = e.certificate_id group by 1, 2
	`
		)
		.execute(db);
	await sql`
		insert into certificate_last_use (certificate_id, first_signed_at, last_signed_at, n)
		select certificate_id, min(signed_at), max(signed_at), count(*)
		from signing_events where certificate_id is not null group by 1
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists scan_dirty_certificates_update on signing_events`.execute(db);
	await sql`drop trigger if exists scan_dirty_certificates_delete on signing_events`.execute(db);
	await sql`drop function if exists scan_dirty_certificates_note()`.execute(db);
	await sql`drop table if exists scan_dirty_certificates`.execute(db);
	await sql`drop trigger if exists certificate_daily_use_agency on certificates`.execute(db);
	await sql`drop function if exists certificate_daily_use_move()`.execute(db);
	await sql
		.raw(
			`
		create or replace function signing_summary_add() returns trigger language plpgsql as $$
		begin
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select ${DAY}, ${AGENCY}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql
		.raw(
			`
		create or replace function signing_summary_remove() returns trigger language plpgsql as $$
		begin
			update signing_daily_summary s set n = s.n - o.n
			from (
				select ${DAY} as day, ${AGENCY} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2, 3, 4, 5
			) o
			where s.day = o.day and s.agency_id is not distinct from o.agency_id and s.channel = o.channel
				and s.signing_form = o.signing_form and s.classification = o.classification;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql`drop table scan_watermarks`.execute(db);
	await sql`drop table certificate_last_use`.execute(db);
	await sql`drop table certificate_daily_use`.execute(db);
}
