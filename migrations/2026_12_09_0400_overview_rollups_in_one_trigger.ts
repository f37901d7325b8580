import { sql, type Kysely } from 'kysely';

// The overview's two roll-ups (signing_daily_province: 2026_12_09_0100, certificate_monthly_use:
// 2026_12_09_0110) folded into the one insert trigger of 2026_12_09_0000: each came with an insert
// trigger of its own, reading the statement's transition table again (and joining certificates
// again) for every batch of events. Their update and delete triggers stay.
const DAILY_PROVINCE = `), daily_province as (
			insert into signing_daily_province as s (day, channel, signing_form, classification, n)
			select day, channel, signing_form, classification, sum(n)::int
			from agg group by 1, 2, 3, 4
			on conflict on constraint signing_daily_province_key do update set n = s.n + excluded.n
		`;
const MONTHLY_USE = `), monthly_use as (
			insert into certificate_monthly_use as u (certificate_id, month, n)
			select certificate_id, date_trunc('month', day)::date, sum(n)::int
			from agg where certificate_id is not null group by 1, 2
			on conflict (certificate_id, month) do update set n = u.n + excluded.n
		`;

/** The one insert trigger's function, with the overview's two roll-ups or (down) without them. */
const rollupsAdd = (overview: boolean) => `
	create or replace function signing_rollups_add() returns trigger language plpgsql as $$
	begin
		if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;
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
		${overview ? DAILY_PROVINCE : ''}), daily_use as (
			insert into certificate_daily_use as u (day, certificate_id, agency_id, n)
			select day, certificate_id, min(certificate_agency_id), sum(n)::int
			from agg where certificate_id is not null group by 1, 2
			on conflict (certificate_id, day) do update set n = u.n + excluded.n
		${overview ? MONTHLY_USE : ''}), last_use as (
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

export async function up(db: Kysely<any>): Promise<void> {
	await sql.raw(rollupsAdd(true)).execute(db);
	await sql`drop trigger signing_daily_province_insert on signing_events`.execute(db);
	await sql`drop trigger certificate_monthly_use_insert on signing_events`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`
		create trigger signing_daily_province_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_daily_province_add()
	`.execute(db);
	await sql`
		create trigger certificate_monthly_use_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function certificate_monthly_use_add()
	`.execute(db);
	await sql.raw(rollupsAdd(false)).execute(db);
}
