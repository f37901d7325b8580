import { sql, type Kysely } from 'kysely';

// Two small partial indexes so that the misuse scan finds its few candidates without reading the
// whole roll-ups (issue 13):
//  - the documents of signing_document_state on which a Decree 30 rule can fire for any tolerance
//    the setting allows (jobs.document_rules.zoneSlipToleranceMinutes is at most 180, so a slip is
//    at least 7 h - 180 min = 4 h from the first competent signature): at scale 10, a few hundred
//    of 791,000 rows; the scan adds this condition, word for word, to its own test;
//  - the certificates' days of certificate_daily_use with at least 10 events: a burst (30
//    signatures in 10 minutes by default) needs burstCount of them in one day, and for a
//    burstCount of 10 or more the scan reads only these (at scale 10, a few dozen of 1.35 million
//    rows). certificate_daily_use's updates already change an indexed column (n, included in
//    certificate_daily_use_day_idx), so this adds an index entry only for those days.
const DOCUMENT_MAY_FIRE = `(not number_valid or person_events > 1
	or (first_org_at is not null and (first_person_at is null or first_person_at > first_org_at))
	or last_at - first_person_at >= interval '4 hours' or first_person_at - first_at >= interval '4 hours')`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql
		.raw(
			`create index signing_document_state_may_fire_idx on signing_document_state (agency_id, number, year)
			where ${DOCUMENT_MAY_FIRE}`
		)
		.execute(db);
	await sql`create index certificate_daily_use_busy_idx on certificate_daily_use (n, certificate_id, day)
		where n >= 10`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index certificate_daily_use_busy_idx`.execute(db);
	await sql`drop index signing_document_state_may_fire_idx`.execute(db);
}
