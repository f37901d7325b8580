import { sql, type Kysely } from 'kysely';

// A finding is opened once: at most one history entry without a previous status ("Phát hiện").
// Two scans that keep the same kinds (misuse-scan and revocation-scan) running at the same moment
// both logged the opening of a finding they both found. Older databases may hold such doubles:
// the later ones are kept, as notes of the scan that found the finding again.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		update finding_events e set from_status = 'open',
			note = coalesce(e.note, '') || ' (lần quét đồng thời phát hiện lại)'
		where e.from_status is null and exists (
			select 1 from finding_events f
			where f.finding_id = e.finding_id and f.from_status is null and f.id < e.id)`.execute(db);
	await sql`create unique index finding_events_opened_once_uq on finding_events (finding_id) where from_status is null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index finding_events_opened_once_uq`.execute(db);
}
