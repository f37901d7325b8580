import { sql, type Kysely } from 'kysely';

// How many of each agency's active certificates signed in a span that starts a period (issue 13):
// per agency (0: held by none), period (a month, quarter, half-year or year: `months` 1, 3, 6 or 12, and its first
// day) and Vietnam day, how many of the agency's active certificates signed for the first time in
// that period on that day. The certificates that signed from the period's start to day D are then
// the sum over the days up to D: the overview's three spans (this month so far, the same days last
// year, the same days of the month before; and likewise for a quarter, half-year or year) are a
// few rows per agency, where joining every active certificate to its use cost 32 ms at --scale 10
// and 150 ms at --scale 50 per view of the leader's overview.
//
// Kept current:
// - Events inserted: a statement trigger named to fire before signing_rollups_insert, so that it
//   still sees certificate_daily_use without the new events. A certificate's first day in a
//   period moves only when the batch holds an earlier day than any it had there: one index probe
//   per certificate and month of the batch, and for the few that move (a certificate's first
//   signature of the month, events arriving late for old periods), one per period kind.
// - A certificate that stops or starts being active, or moves to another agency: a row trigger
//   takes its days out of the old agency and adds them to the new one.
// - Events deleted or updated (corrections, rare): the touched certificates' agencies are
//   recomputed from certificate_daily_use, by a trigger named to fire after signing_summary_*,
//   which have brought certificate_daily_use up to date by then.
// Beside it, agency_last_use: per agency and day, its active certificates whose last signature
// fell on that day ('-infinity': never signed). The dormant certificates (valid for 90 days and
// silent for as long) are the days before the window's first: a small part of the table, where
// the overview joined every active certificate to its last use. Kept by the same triggers (a
// certificate's last day moves on when a batch holds a later one), and on certificates inserted
// or deleted.
// Deferred with kiemky.rollups = 'deferred' like the other roll-ups (the seed rebuilds).
// `kiem-ky summary verify | rebuild` checks it against the events and rebuilds it.
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;

// A certificate's last Vietnam day of signing (l: its certificate_last_use row), '-infinity' for never.
const LAST_DAY = `coalesce((l.last_signed_at at time zone 'Asia/Ho_Chi_Minh')::date, '-infinity'::date)`;

const FUNCTIONS = [
	// The first day of the `months`-long period (1, 3, 6, 12) holding day d.
	`create function agency_first_use_start(d date, months integer) returns date
		language sql immutable parallel safe as $$
		select make_date(extract(year from d)::int, ((extract(month from d)::int - 1) / months) * months + 1, 1)
	$$`,
	// The rows certificate_daily_use implies for the active certificates of the given agencies (all
	// when null), for the periods starting from_day..to_day (all when null).
	`create function agency_first_use_expected(agency_ids integer[], from_day date, to_day date)
		returns table (agency_id integer, months smallint, period_start date, day date, n integer)
		language sql stable as $$
		with firsts as (
			select u.certificate_id, date_trunc('month', u.day)::date as month, min(u.day) as day
			from certificate_daily_use u
			where u.n > 0 and (from_day is null or u.day >= from_day) and (to_day is null or u.day <= to_day)
				and (agency_ids is null or u.certificate_id in (
					select c.id from certificates c where coalesce(c.agency_id, 0) = any(agency_ids)))
			group by 1, 2
		)
		select x.agency_id, x.months::smallint, x.period_start, x.day, count(*)::int
		from (
			select coalesce(c.agency_id, 0) as agency_id, k.months, agency_first_use_start(f.day, k.months) as period_start,
				min(f.day) as day
			from firsts f join certificates c on c.id = f.certificate_id
			cross join (values (1), (3), (6), (12)) k(months)
			where c.status = 'active' and (agency_ids is null or coalesce(c.agency_id, 0) = any(agency_ids))
			group by f.certificate_id, c.agency_id, k.months, 3
		) x group by 1, 2, 3, 4
	$$`,
	// One certificate's first days, counted (sign 1) or taken out (-1) for an agency.
	`create function agency_first_use_shift(certificate integer, agency integer, sign integer) returns void
		language sql as $$
		insert into agency_first_use as f (months, period_start, day, agency_id, n)
		select k.months, agency_first_use_start(m.day, k.months), min(m.day), agency, sign
		from (
			select date_trunc('month', u.day)::date as month, min(u.day) as day
			from certificate_daily_use u where u.certificate_id = certificate and u.n > 0 group by 1
		) m cross join (values (1), (3), (6), (12)) k(months)
		group by k.months, 2
		on conflict (months, period_start, day, agency_id) do update set n = f.n + excluded.n
	$$`,
	// The rows certificate_last_use implies for the active certificates of the given agencies (all when null).
	`create function agency_last_use_expected(agency_ids integer[])
		returns table (agency_id integer, day date, n integer) language sql stable as $$
		select coalesce(c.agency_id, 0), ${LAST_DAY}, count(*)::int
		from certificates c left join certificate_last_use l on l.certificate_id = c.id and l.n > 0
		where c.status = 'active' and (agency_ids is null or coalesce(c.agency_id, 0) = any(agency_ids))
		group by 1, 2
	$$`,
	`create function agency_last_use_shift(certificate integer, agency integer, sign integer) returns void
		language sql as $$
		insert into agency_last_use as f (day, agency_id, n)
		select ${LAST_DAY}, agency, sign
		from (select certificate as id) c left join certificate_last_use l on l.certificate_id = c.id and l.n > 0
		on conflict (day, agency_id) do update set n = f.n + excluded.n
	$$`,
	`create function agency_first_use_rebuild(agency_ids integer[]) returns void language sql as $$
		delete from agency_first_use where agency_id = any(agency_ids);
		insert into agency_first_use (agency_id, months, period_start, day, n)
		select * from agency_first_use_expected(agency_ids, null, null);
		delete from agency_last_use where agency_id = any(agency_ids);
		insert into agency_last_use (agency_id, day, n) select * from agency_last_use_expected(agency_ids);
	$$`,
	// Certificates added or removed: their last days (a new one's is usually "never").
	`create function agency_last_use_certificates() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		if tg_op = 'INSERT' then
			insert into agency_last_use as f (day, agency_id, n)
			select ${LAST_DAY}, coalesce(c.agency_id, 0), count(*)::int
			from new_rows c left join certificate_last_use l on l.certificate_id = c.id and l.n > 0
			where c.status = 'active' group by 1, 2
			on conflict (day, agency_id) do update set n = f.n + excluded.n;
		else
			insert into agency_last_use as f (day, agency_id, n)
			select ${LAST_DAY}, coalesce(c.agency_id, 0), -count(*)::int
			from old_rows c left join certificate_last_use l on l.certificate_id = c.id and l.n > 0
			where c.status = 'active' group by 1, 2
			on conflict (day, agency_id) do update set n = f.n + excluded.n;
		end if;
		return null;
	end $$`,
	`create function agency_first_use_add() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		with batch as (
			select e.certificate_id, date_trunc('month', e.day)::date as month, min(e.day) as day
			from (
				select r.certificate_id, (r.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day
				from new_rows r where r.certificate_id is not null
			) e group by 1, 2
		), moved as (
			-- The months whose first day moves earlier, of active certificates.
			select b.certificate_id, coalesce(c.agency_id, 0) as agency_id, b.day
			from batch b join certificates c on c.id = b.certificate_id
			where c.status = 'active'
				and not exists (select 1 from certificate_daily_use u where u.certificate_id = b.certificate_id
					and u.day >= b.month and u.day <= b.day and u.n > 0)
		), periods as (
			select m.certificate_id, m.agency_id, k.months, agency_first_use_start(m.day, k.months) as start,
				min(m.day) as day
			from moved m cross join (values (1), (3), (6), (12)) k(months)
			group by 1, 2, 3, 4
		), was as (
			select p.*, (select min(u.day) from certificate_daily_use u where u.certificate_id = p.certificate_id
				and u.day >= p.start and u.day < (p.start + make_interval(months => p.months))::date
				and u.n > 0) as old_day
			from periods p
		), shifts as (
			select w.agency_id, w.months, w.start, w.day, 1 as n from was w
			where w.old_day is null or w.old_day > w.day
			union all
			select w.agency_id, w.months, w.start, w.old_day, -1 from was w where w.old_day > w.day
		)
		insert into agency_first_use as f (months, period_start, day, agency_id, n)
		select s.months, s.start, s.day, s.agency_id, sum(s.n)::int from shifts s group by 1, 2, 3, 4
		on conflict (months, period_start, day, agency_id) do update set n = f.n + excluded.n;
		-- The active certificates whose last day moves later (certificate_last_use as it was).
		with batch as (
			select r.certificate_id, max((r.signed_at at time zone 'Asia/Ho_Chi_Minh')::date) as day
			from new_rows r where r.certificate_id is not null group by 1
		), moved as (
			select coalesce(c.agency_id, 0) as agency_id, b.day, ${LAST_DAY} as old_day
			from batch b join certificates c on c.id = b.certificate_id
			left join certificate_last_use l on l.certificate_id = b.certificate_id and l.n > 0
			where c.status = 'active' and ${LAST_DAY} < b.day
		), shifts as (
			select m.agency_id, m.day, 1 as n from moved m
			union all select m.agency_id, m.old_day, -1 from moved m
		)
		insert into agency_last_use as f (day, agency_id, n)
		select s.day, s.agency_id, sum(s.n)::int from shifts s group by 1, 2 having sum(s.n) <> 0
		on conflict (day, agency_id) do update set n = f.n + excluded.n;
		return null;
	end $$`,
	`create function agency_first_use_fix() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		perform agency_first_use_rebuild(array(
			select distinct coalesce(c.agency_id, 0) from certificates c
			where c.id in (
				select certificate_id from old_rows where certificate_id is not null
				union select certificate_id from new_rows where certificate_id is not null)));
		return null;
	end $$`,
	// Deletes have no new rows: the same with the old ones only.
	`create function agency_first_use_fix_deleted() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		perform agency_first_use_rebuild(array(
			select distinct coalesce(c.agency_id, 0) from certificates c
			where c.id in (select certificate_id from old_rows where certificate_id is not null)));
		return null;
	end $$`,
	`create function agency_first_use_certificate() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		if old.status = 'active' then
			perform agency_first_use_shift(old.id, coalesce(old.agency_id, 0), -1);
			perform agency_last_use_shift(old.id, coalesce(old.agency_id, 0), -1);
		end if;
		if new.status = 'active' then
			perform agency_first_use_shift(new.id, coalesce(new.agency_id, 0), 1);
			perform agency_last_use_shift(new.id, coalesce(new.agency_id, 0), 1);
		end if;
		return null;
	end $$`
];

export async function up(db: Kysely<any>): Promise<void> {
	// Read by period and up to a day: the key leads with them and carries the count (index-only).
	await sql`
		create table agency_first_use (
			months smallint not null,
			period_start date not null,
			day date not null,
			agency_id integer not null,
			n integer not null,
			primary key (months, period_start, day, agency_id) include (n)
		)
	`.execute(db);
	// Per agency and day, its active certificates whose last signature fell on that day ('-infinity':
	// never signed). The dormant ones are the days before the window's first, read index-only.
	await sql`
		create table agency_last_use (
			day date not null,
			agency_id integer not null,
			n integer not null,
			primary key (day, agency_id) include (n)
		)
	`.execute(db);
	// The active certificates valid only since a day (the dormant count's correction): the newest few.
	await sql`create index certificates_active_not_before_idx on certificates (not_before)
		include (agency_id, id) where status = 'active'`.execute(db);
	for (const f of FUNCTIONS) await sql.raw(f).execute(db);
	// "agency_…" fires before "signing_rollups_insert" (triggers of one event fire in name order).
	await sql`
		create trigger agency_first_use_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function agency_first_use_add()
	`.execute(db);
	// "use_…" fires after "signing_summary_*", which keep certificate_daily_use.
	await sql`
		create trigger use_first_day_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function agency_first_use_fix_deleted()
	`.execute(db);
	await sql`
		create trigger use_first_day_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function agency_first_use_fix()
	`.execute(db);
	await sql`
		create trigger agency_first_use_certificate after update on certificates for each row
		when (old.status is distinct from new.status or old.agency_id is distinct from new.agency_id)
		execute function agency_first_use_certificate()
	`.execute(db);
	await sql`
		insert into agency_first_use (agency_id, months, period_start, day, n)
		select * from agency_first_use_expected(null, null, null)
	`.execute(db);
	await sql`create trigger agency_last_use_insert after insert on certificates
		referencing new table as new_rows for each statement execute function agency_last_use_certificates()`.execute(
		db
	);
	await sql`create trigger agency_last_use_delete after delete on certificates
		referencing old table as old_rows for each statement execute function agency_last_use_certificates()`.execute(
		db
	);
	await sql`insert into agency_last_use (agency_id, day, n) select * from agency_last_use_expected(null)`.execute(
		db
	);
	// Read right away by the overview: without statistics its planner takes the table for empty.
	await sql`analyze agency_first_use`.execute(db);
	await sql`analyze agency_last_use`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists agency_first_use_insert on signing_events`.execute(db);
	await sql`drop trigger if exists use_first_day_delete on signing_events`.execute(db);
	await sql`drop trigger if exists use_first_day_update on signing_events`.execute(db);
	await sql`drop trigger if exists agency_first_use_certificate on certificates`.execute(db);
	await sql`drop trigger if exists agency_last_use_insert on certificates`.execute(db);
	await sql`drop trigger if exists agency_last_use_delete on certificates`.execute(db);
	for (const f of [
		'agency_first_use_certificate()',
		'agency_first_use_fix()',
		'agency_first_use_fix_deleted()',
		'agency_first_use_add()',
		'agency_first_use_rebuild(integer[])',
		'agency_last_use_certificates()',
		'agency_last_use_shift(integer, integer, integer)',
		'agency_last_use_expected(integer[])',
		'agency_first_use_shift(integer, integer, integer)',
		'agency_first_use_expected(integer[], date, date)',
		'agency_first_use_start(date, integer)'
	])
		await sql.raw(`drop function if exists ${f}`).execute(db);
	await sql`drop table if exists agency_first_use`.execute(db);
	await sql`drop table if exists agency_last_use`.execute(db);
	await sql`drop index if exists certificates_active_not_before_idx`.execute(db);
}
