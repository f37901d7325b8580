import { sql, type Kysely } from 'kysely';

// The daily signing summary counts events under their certificate's agency. When a certificate
// changes agency (an inspector links it by hand, a subscriber import, a reorganisation), its
// events move with it: this trigger takes their counts off the old agency and adds them to the
// new one in the same statement, so the summary never goes stale whoever made the change.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create function signing_summary_move_certificate() returns trigger language plpgsql as $$
		begin
			if new.agency_id is not distinct from old.agency_id then
				return null;
			end if;
			-- The old agency's rows and the new agency's are different rows, so one statement may
			-- update the first and upsert the second.
			with moved as (
				select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, e.channel, e.signing_form, e.classification, count(*)::int as n
				from signing_events e where e.certificate_id = new.id
				group by 1, 2, 3, 4
			), taken as (
				update signing_daily_summary s set n = s.n - m.n
				from moved m
				where s.day = m.day and s.agency_id is not distinct from old.agency_id and s.channel = m.channel
					and s.signing_form = m.signing_form and s.classification = m.classification
				returning 1
			)
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select m.day, new.agency_id, m.channel, m.signing_form, m.classification, m.n from moved m
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger signing_summary_certificate_agency after update of agency_id on certificates
		for each row execute function signing_summary_move_certificate()
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists signing_summary_certificate_agency on certificates`.execute(db);
	await sql`drop function if exists signing_summary_move_certificate()`.execute(db);
}
