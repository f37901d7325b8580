import { sql, type Kysely } from 'kysely';

// A signing event whose certificate is not (yet) in the inventory is kept, not refused: the
// document system saw a real signature, and an unknown certificate is itself a finding
// (unknown_certificate). certificate_id becomes nullable and certificate_ref keeps the reference
// as the source gave it ('sha256:<hex>' or 'serial:<hex>'), so the event can be linked once the
// certificate is imported. Such an event counts in the daily summary under its document's agency
// (the signing certificate's agency is unknown), so agency scopes and charts still see it.
const AGENCY = sql.raw(`case when e.certificate_id is null then e.document_agency_id else c.agency_id end`);

async function summaryFunctions(db: Kysely<any>, agency: ReturnType<typeof sql.raw>): Promise<void> {
	await sql`
		create or replace function signing_summary_add() returns trigger language plpgsql as $$
		begin
			insert into signing_daily_summary as s (day, agency_id, channel, signing_form, classification, n)
			select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date, ${agency}, e.channel, e.signing_form, e.classification, count(*)::int
			from new_rows e left join certificates c on c.id = e.certificate_id
			group by 1, 2, 3, 4, 5
			on conflict on constraint signing_daily_summary_key do update set n = s.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	await sql`
		create or replace function signing_summary_remove() returns trigger language plpgsql as $$
		begin
			update signing_daily_summary s set n = s.n - o.n
			from (
				select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, ${agency} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
				from old_rows e left join certificates c on c.id = e.certificate_id
				group by 1, 2, 3, 4, 5
			) o
			where s.day = o.day and s.agency_id is not distinct from o.agency_id and s.channel = o.channel
				and s.signing_form = o.signing_form and s.classification = o.classification;
			return null;
		end $$
	`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table signing_events alter column certificate_id drop not null`.execute(db);
	await sql`alter table signing_events add column certificate_ref text`.execute(db);
	await sql`
		alter table signing_events add constraint signing_events_certificate_known
		check (certificate_id is not null or certificate_ref is not null)
	`.execute(db);
	await sql`
		create index signing_events_unknown_certificate_idx on signing_events (certificate_ref, document_agency_id)
		where certificate_id is null
	`.execute(db);
	await summaryFunctions(db, AGENCY);
}

// Going back drops the events of unknown certificates: the old schema cannot hold them.
export async function down(db: Kysely<any>): Promise<void> {
	await summaryFunctions(db, sql.raw('c.agency_id'));
	await sql`delete from signing_events where certificate_id is null`.execute(db);
	await sql`drop index if exists signing_events_unknown_certificate_idx`.execute(db);
	await sql`alter table signing_events drop constraint signing_events_certificate_known`.execute(db);
	await sql`alter table signing_events drop column certificate_ref`.execute(db);
	await sql`alter table signing_events alter column certificate_id set not null`.execute(db);
}
