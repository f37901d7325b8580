import { sql, type Kysely } from 'kysely';

// Which months of a Vietnam year each certificate signed in (issue 13): one row per certificate
// and year, bit m-1 of `months` set when it signed in month m. The overview's "certificates that
// signed" over a year (and the same span last year, and the year before) read one
// certificate_monthly_use row per certificate and month: 34 months, ≈ 500,000 rows folded per
// certificate at --scale 10 (650 ms). A span's whole months within one year are one row per
// certificate here, tested against a mask of the span's months.
//
// Kept as the other roll-ups are: inserts by the one insert trigger signing_rollups_add()
// (2026_12_09_0000, _0400), which gains a CTE; deletes and updates by recomputing the touched
// certificates' rows from certificate_monthly_use, which the certificate_monthly_use_* triggers
// have brought up to date by then (triggers of one event fire in name order, and "yearly" sorts
// after "monthly"). Deferred with kiemky.rollups = 'deferred' like the others (the seed rebuilds).
// Events of certificates not in the inventory are not here (as in certificate_monthly_use).
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;

const YEARLY_USE = `), yearly_use as (
			insert into certificate_yearly_use as y (certificate_id, year, months)
			select certificate_id, extract(year from day)::smallint,
				bit_or(1 << (extract(month from day)::int - 1))
			from agg where certificate_id is not null group by 1, 2
			on conflict (certificate_id, year) do update set months = y.months | excluded.months
		`;

/** The one insert trigger's function (as 2026_12_09_0400 left it), with the yearly use or (down) without it. */
const rollupsAdd = (yearly: boolean) => `
	create or replace function signing_rollups_add() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		with agg as materialized (
			select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, e.certificate_id,
				c.agency_id as certificate_agency_id,
				case when e.certificate_id is null then e.document_agency_id else c.agency_id end as agency_id,
				e.channel, e.signing_form, e.classification,
				count(*)::int as n, min(e.signed_at) as first_at, max(e.signed_at) as last_at
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5, 6, 7
		), daily as (
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select day, agency_id, channel, signing_form, classification, sum(n)::int
			from agg group by 1, 2, 3, 4, 5
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n
		), daily_province as (
			insert into signing_daily_province as s (day, channel, signing_form, classification, n)
			select day, channel, signing_form, classification, sum(n)::int
			from agg group by 1, 2, 3, 4
			on conflict on constraint signing_daily_province_key do update set n = s.n + excluded.n
		), daily_use as (
			insert into certificate_daily_use as u (day, certificate_id, agency_id, n)
			select day, certificate_id, min(certificate_agency_id), sum(n)::int
			from agg where certificate_id is not null group by 1, 2
			on conflict (certificate_id, day) do update set n = u.n + excluded.n
		), monthly_use as (
			insert into certificate_monthly_use as u (certificate_id, month, n)
			select certificate_id, date_trunc('month', day)::date, sum(n)::int
			from agg where certificate_id is not null group by 1, 2
			on conflict (certificate_id, month) do update set n = u.n + excluded.n
		${yearly ? YEARLY_USE : ''}), last_use as (
			insert into certificate_last_use as l (certificate_id, first_signed_at, last_signed_at, n)
			select certificate_id, min(first_at), max(last_at), sum(n)
			from agg where certificate_id is not null group by 1
			on conflict (certificate_id) do update set n = l.n + excluded.n,
				first_signed_at = least(l.first_signed_at, excluded.first_signed_at),
				last_signed_at = greatest(l.last_signed_at, excluded.last_signed_at)
		), monthly as (
			insert into signing_monthly_summary as s (month, channel, signing_form, classification, n)
			select date_trunc('month', day)::date, channel, signing_form, classification, sum(n)::int
			from agg group by 1, 2, 3, 4
			on conflict on constraint signing_monthly_summary_key do update set n = s.n + excluded.n
		), monthly_agency as (
			insert into signing_monthly_agency as s (month, agency_id, channel, signing_form, classification, n)
			select date_trunc('month', day)::date, agency_id, channel, signing_form, classification, sum(n)::int
			from agg group by 1, 2, 3, 4, 5
			on conflict on constraint signing_monthly_agency_key do update set n = s.n + excluded.n
		)
		insert into signing_monthly_agency_total as s (month, agency_id, n)
		select date_trunc('month', day)::date, agency_id, sum(n)::int
		from agg group by 1, 2
		on conflict on constraint signing_monthly_agency_total_key do update set n = s.n + excluded.n;
		return null;
	end $$
`;

// The certificates' years, recomputed from their monthly rows (the whole of it: a certificate has
// a few dozen monthly rows, and deletes and updates of events are corrections, rare).
const RECOMPUTE = `
	create function certificate_yearly_use_recompute(ids integer[]) returns void language sql as $$
		delete from certificate_yearly_use where certificate_id = any(ids);
		insert into certificate_yearly_use (certificate_id, year, months)
		select m.certificate_id, extract(year from m.month)::smallint,
			bit_or(1 << (extract(month from m.month)::int - 1))
		from certificate_monthly_use m where m.certificate_id = any(ids) and m.n > 0
		group by 1, 2;
	$$
`;

const REMOVED = `
	create function certificate_yearly_use_removed() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		perform certificate_yearly_use_recompute(array(
			select distinct certificate_id from old_rows where certificate_id is not null));
		return null;
	end $$
`;

const UPDATED = `
	create function certificate_yearly_use_updated() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		perform certificate_yearly_use_recompute(array(
			select certificate_id from old_rows where certificate_id is not null
			union select certificate_id from new_rows where certificate_id is not null));
		return null;
	end $$
`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table certificate_yearly_use (
			certificate_id integer not null,
			year smallint not null,
			months integer not null check (months > 0 and months < 4096),
			primary key (certificate_id, year)
		)
	`.execute(db);
	// Read by year: index-only with the certificate and the months.
	await sql`create index certificate_yearly_use_year_idx on certificate_yearly_use (year)
		include (certificate_id, months)`.execute(db);
	await sql.raw(RECOMPUTE).execute(db);
	await sql.raw(REMOVED).execute(db);
	await sql.raw(UPDATED).execute(db);
	await sql`
		create trigger certificate_yearly_use_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function certificate_yearly_use_removed()
	`.execute(db);
	await sql`
		create trigger certificate_yearly_use_update after update on signing_events
		referencing old table as old_rows new table as new_rows
		for each statement execute function certificate_yearly_use_updated()
	`.execute(db);
	await sql.raw(rollupsAdd(true)).execute(db);
	// Existing events (databases migrated after data arrived), from their monthly rows.
	await sql`
		insert into certificate_yearly_use (certificate_id, year, months)
		select m.certificate_id, extract(year from m.month)::smallint,
			bit_or(1 << (extract(month from m.month)::int - 1))
		from certificate_monthly_use m where m.n > 0
		group by 1, 2
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw(rollupsAdd(false)).execute(db);
	await sql`drop trigger if exists certificate_yearly_use_delete on signing_events`.execute(db);
	await sql`drop trigger if exists certificate_yearly_use_update on signing_events`.execute(db);
	await sql`drop function if exists certificate_yearly_use_removed()`.execute(db);
	await sql`drop function if exists certificate_yearly_use_updated()`.execute(db);
	await sql`drop function if exists certificate_yearly_use_recompute(integer[])`.execute(db);
	await sql`drop table if exists certificate_yearly_use`.execute(db);
}
