import { sql, type Kysely } from 'kysely';

// Indexes the dashboard pages read through (issue 13):
//  - the daily signing summary carries every grouped column and the count in its indexes, so the
//    signing page, the agency page and the overview read it index-only: by day for the province,
//    by agency then day for a scoped view or an agency filter (the summary rows of one agency are
//    scattered over the whole table, one heap page each, when read through the bare index);
//  - certificates by status then agency, for the agency tree's "in use" counts.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index signing_daily_summary_day_cover_idx on signing_daily_summary (day)
		include (agency_id, channel, signing_form, classification, n)`.execute(db);
	await sql`drop index signing_daily_summary_agency_idx`.execute(db);
	await sql`create index signing_daily_summary_agency_idx on signing_daily_summary (agency_id, day)
		include (channel, signing_form, classification, n)`.execute(db);
	await sql`create index certificates_status_agency_idx on certificates (status, agency_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index certificates_status_agency_idx`.execute(db);
	await sql`drop index signing_daily_summary_agency_idx`.execute(db);
	await sql`create index signing_daily_summary_agency_idx on signing_daily_summary (agency_id, day)`.execute(
		db
	);
	await sql`drop index signing_daily_summary_day_cover_idx`.execute(db);
}
