import { sql, type Kysely } from 'kysely';

// Monthly roll-ups of the signing events beside the daily summary (issue 13: the province's
// figures over a year read every daily summary row of the range, and those grow with agencies):
//  - signing_monthly_summary: Vietnam month × channel × form × classification, without agency:
//    the province's series and breakdowns, a few hundred rows a year whatever the scale;
//  - signing_monthly_agency: the same per agency (the signing certificate's, or the document's
//    for a certificate not in the inventory, as in the daily summary): rankings, an officer's
//    subtree and an agency filter, about a quarter of the daily rows;
//  - signing_monthly_agency_total: month × agency, the documents signed only: the rankings
//    without a channel, form or classification filter (the province's ranking on /ky-so, the
//    overview's agencies ranked), one row per agency and month.
// A range reads them for its whole months and the daily summary for the partial months at its
// ends. They are kept like the daily summary: statement-level triggers on signing_events fold
// each statement's transition table in one grouped upsert (deferred with kiemky.rollups =
// 'deferred', as the seed does), and a certificate changing agency moves its months' counts.
const MONTH = `date_trunc('month', (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date)::date`;
const AGENCY = `case when e.certificate_id is null then e.document_agency_id else c.agency_id end`;
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table signing_monthly_summary (
			month date not null,
			channel text not null,
			signing_form text not null,
			classification text not null,
			n integer not null check (n >= 0),
			constraint signing_monthly_summary_key primary key (month, channel, signing_form, classification)
		)
	`.execute(db);
	await sql`
		create table signing_monthly_agency (
			month date not null,
			agency_id integer,
			channel text not null,
			signing_form text not null,
			classification text not null,
			n integer not null check (n >= 0),
			constraint signing_monthly_agency_key unique nulls not distinct (month, agency_id, channel, signing_form, classification)
		)
	`.execute(db);
	await sql`
		create table signing_monthly_agency_total (
			month date not null,
			agency_id integer,
			n integer not null check (n >= 0),
			constraint signing_monthly_agency_total_key unique nulls not distinct (month, agency_id) include (n)
		)
	`.execute(db);
	// Index-only reads, as for the daily summary: by month for the province's ranking, by agency
	// then month for a subtree (the totals' key serves the province; a subtree needs agency first).
	await sql`create index signing_monthly_agency_month_idx on signing_monthly_agency (month)
		include (agency_id, channel, signing_form, classification, n)`.execute(db);
	await sql`create index signing_monthly_agency_agency_idx on signing_monthly_agency (agency_id, month)
		include (channel, signing_form, classification, n)`.execute(db);
	await sql`create index signing_monthly_agency_total_agency_idx on signing_monthly_agency_total (agency_id, month)
		include (n)`.execute(db);

	await sql
		.raw(
			`
		create function signing_monthly_add() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			insert into signing_monthly_summary as s (month, channel, signing_form, classification, n)
			select ${MONTH}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e group by 1, 2, 3, 4
			on conflict on constraint signing_monthly_summary_key do update set n = s.n + excluded.n;
			insert into signing_monthly_agency as s (month, agency_id, channel, signing_form, classification, n)
			select ${MONTH}, ${AGENCY}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5
			on conflict on constraint signing_monthly_agency_key do update set n = s.n + excluded.n;
			insert into signing_monthly_agency_total as s (month, agency_id, n)
			select ${MONTH}, ${AGENCY}, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2
			on conflict on constraint signing_monthly_agency_total_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql
		.raw(
			`
		create function signing_monthly_remove() returns trigger language plpgsql as $$
		begin
			${DEFERRED}
			update signing_monthly_summary s set n = s.n - o.n
			from (
				select ${MONTH} as month, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e group by 1, 2, 3, 4
			) o
			where s.month = o.month and s.channel = o.channel and s.signing_form = o.signing_form
				and s.classification = o.classification;
			update signing_monthly_agency s set n = s.n - o.n
			from (
				select ${MONTH} as month, ${AGENCY} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2, 3, 4, 5
			) o
			where s.month = o.month and s.agency_id is not distinct from o.agency_id and s.channel = o.channel
				and s.signing_form = o.signing_form and s.classification = o.classification;
			update signing_monthly_agency_total s set n = s.n - o.n
			from (
				select ${MONTH} as month, ${AGENCY} as agency_id, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2
			) o
			where s.month = o.month and s.agency_id is not distinct from o.agency_id;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql`
		create trigger signing_monthly_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_monthly_add()
	`.execute(db);
	await sql`
		create trigger signing_monthly_delete after delete on signing_events
		referencing old table as old_rows for each statement execute function signing_monthly_remove()
	`.execute(db);
	// An update is a removal of the old rows and an addition of the new ones.
	await sql`
		create trigger signing_monthly_update_old after update on signing_events
		referencing old table as old_rows for each statement execute function signing_monthly_remove()
	`.execute(db);
	await sql`
		create trigger signing_monthly_update_new after update on signing_events
		referencing new table as new_rows for each statement execute function signing_monthly_add()
	`.execute(db);

	// A certificate changing agency takes its events' monthly counts along (as
	// signing_summary_move_certificate does for the daily summary). Not deferred: the seed and
	// the rebuild recompute the tables anyway, and a move outside them must stay exact.
	await sql
		.raw(
			`
		create function signing_monthly_move_certificate() returns trigger language plpgsql as $$
		begin
			if new.agency_id is not distinct from old.agency_id then
				return null;
			end if;
			with moved as (
				select ${MONTH} as month, e.channel, e.signing_form, e.classification, count(*)::int as n
				from signing_events e where e.certificate_id = new.id
				group by 1, 2, 3, 4
			), taken as (
				update signing_monthly_agency s set n = s.n - m.n
				from moved m
				where s.month = m.month and s.agency_id is not distinct from old.agency_id and s.channel = m.channel
					and s.signing_form = m.signing_form and s.classification = m.classification
				returning 1
			)
			insert into signing_monthly_agency as s (month, agency_id, channel, signing_form, classification, n)
			select m.month, new.agency_id, m.channel, m.signing_form, m.classification, m.n from moved m
			on conflict on constraint signing_monthly_agency_key do update set n = s.n + excluded.n;
			with moved as (
				select ${MONTH} as month, count(*)::int as n
				from signing_events e where e.certificate_id = new.id
				group by 1
			), taken as (
				update signing_monthly_agency_total s set n = s.n - m.n
				from moved m
				where s.month = m.month and s.agency_id is not distinct from old.agency_id
				returning 1
			)
			insert into signing_monthly_agency_total as s (month, agency_id, n)
			select m.month, new.agency_id, m.n from moved m
			on conflict on constraint signing_monthly_agency_total_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`
		)
		.execute(db);
	await sql`
		create trigger signing_monthly_certificate_agency after update of agency_id on certificates
		for each row execute function signing_monthly_move_certificate()
	`.execute(db);

	// Existing events (databases migrated after data arrived).
	await sql
		.raw(
			`
		insert into signing_monthly_agency (month, agency_id, channel, signing_form, classification, n)
		select ${MONTH}, ${AGENCY}, e.channel, e.signing_form, e.classification, count(*)::int
		from signing_events e left join certificates c on c.id = e.certificate_id
		group by 1, 2, 3, 4, 5
	`
		)
		.execute(db);
	await sql`
		insert into signing_monthly_summary (month, channel, signing_form, classification, n)
		select s.month, s.channel, s.signing_form, s.classification, sum(s.n)::int
		from signing_monthly_agency s
		group by 1, 2, 3, 4
	`.execute(db);
	await sql`
		insert into signing_monthly_agency_total (month, agency_id, n)
		select s.month, s.agency_id, sum(s.n)::int
		from signing_monthly_agency s
		group by 1, 2
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists signing_monthly_certificate_agency on certificates`.execute(db);
	await sql`drop function if exists signing_monthly_move_certificate()`.execute(db);
	for (const t of [
		'signing_monthly_insert',
		'signing_monthly_delete',
		'signing_monthly_update_old',
		'signing_monthly_update_new'
	])
		await sql.raw(`drop trigger if exists ${t} on signing_events`).execute(db);
	await sql`drop function if exists signing_monthly_add()`.execute(db);
	await sql`drop function if exists signing_monthly_remove()`.execute(db);
	await sql`drop table if exists signing_monthly_agency_total`.execute(db);
	await sql`drop table signing_monthly_agency`.execute(db);
	await sql`drop table signing_monthly_summary`.execute(db);
}
