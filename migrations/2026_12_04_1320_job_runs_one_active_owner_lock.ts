import { sql, type Kysely } from 'kysely';

// Who may hold a job: at most one queued-or-running run per job, enforced by PostgreSQL (two
// "Chạy ngay" on two instances, or a click and a tick, both checked "none queued" and both
// inserted); and the owner's presence lock, the advisory lock key its runner holds on a session of
// its own, so that the runs of an instance whose session is gone are taken over at once instead of
// after 90 s without a heartbeat.
export async function up(db: Kysely<any>): Promise<void> {
	// Older databases may hold several: keep the running one (else the earliest queued).
	await sql`
		with ranked as (
			select id, row_number() over (
				partition by job_name order by (status = 'running') desc, queued_at, id) as n
			from job_runs where status in ('queued', 'running'))
		update job_runs set status = 'cancelled', finished_at = now(),
			error = 'Hủy khi nâng cấp: tác vụ đã có một lần chạy đang chờ hoặc đang chạy.'
		where id in (select id from ranked where n > 1)`.execute(db);
	await sql`create unique index job_runs_one_active_uq on job_runs (job_name) where status in ('queued', 'running')`.execute(
		db
	);
	await db.schema.alterTable('job_runs').addColumn('owner_lock', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('job_runs').dropColumn('owner_lock').execute();
	await sql`drop index job_runs_one_active_uq`.execute(db);
}
