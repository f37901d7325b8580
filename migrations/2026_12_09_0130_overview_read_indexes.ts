import { sql, type Kysely } from 'kysely';

// Indexes the overview reads through (issue 13), each now carrying the columns its reads need so
// that they read the index alone (index-only):
//  - certificates by status: the counts by status and kind, by expiry, and today's active
//    certificates per agency with their validity start. A certificate row carries its DER
//    (≈ 2.5 KB, 59 MB for 23,774 certificates at --scale 10), so each count read the whole table
//    (85–110 ms at scale 10);
//  - the certificates' daily use by day: the certificates that signed in a few days (a partial
//    month), whose rows lie scattered over the table, one heap page each (≈ 6,000 pages for five
//    days at scale 10);
//  - the certificates' last use by time: those that signed in the last 90 days (dormancy).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`drop index certificates_status_agency_idx`.execute(db);
	await sql`create index certificates_status_agency_idx on certificates (status, agency_id)
		include (kind, not_before, not_after, id)`.execute(db);
	await sql`drop index certificate_daily_use_day_idx`.execute(db);
	await sql`create index certificate_daily_use_day_idx on certificate_daily_use (day, agency_id)
		include (certificate_id, n)`.execute(db);
	await sql`drop index certificate_last_use_last_idx`.execute(db);
	await sql`create index certificate_last_use_last_idx on certificate_last_use (last_signed_at)
		include (certificate_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index certificate_last_use_last_idx`.execute(db);
	await sql`create index certificate_last_use_last_idx on certificate_last_use (last_signed_at)`.execute(db);
	await sql`drop index certificate_daily_use_day_idx`.execute(db);
	await sql`create index certificate_daily_use_day_idx on certificate_daily_use (day, agency_id)`.execute(db);
	await sql`drop index certificates_status_agency_idx`.execute(db);
	await sql`create index certificates_status_agency_idx on certificates (status, agency_id)`.execute(db);
}
