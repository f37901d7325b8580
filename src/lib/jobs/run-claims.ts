// Who runs what: claiming a queued run (one instance per run, one running run per job, both
// decided by PostgreSQL), and taking runs away from owners that went silent or whose session
// ended. A run taken away has its own database session (PostgreSQL) ended too, so that a frozen
// owner's open transaction rolls back and its running statement stops.
import { sql, type Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { PRESENCE_LOCK_CLASS } from './presence';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** The application_name of a run's own session (PostgreSQL), by which it is found and ended. */
export function runSessionName(runId: number): string {
	return `kiem-ky run ${runId}`;
}

/**
 * Claims one queued run that is due, whose job is not running anywhere: SKIP LOCKED keeps two
 * instances off the same row, and the unique index on running runs per job refuses a second
 * concurrent run of one job (the loser simply claims nothing).
 */
export async function claimNextRun(
	db: Kysely<Database>,
	instanceId: string,
	now: Date,
	only?: { runId?: number; jobNames?: readonly string[] },
	ownerLock: number | null = null
): Promise<JobRun | null> {
	const filters = [
		sql`q.status = 'queued'`,
		sql`(q.run_after is null or q.run_after <= ${now}::timestamptz)`
	];
	if (only?.runId !== undefined) filters.push(sql`q.id = ${only.runId}`);
	if (only?.jobNames) {
		if (only.jobNames.length === 0) return null;
		filters.push(sql`q.job_name in (${sql.join(only.jobNames.map((n) => sql`${n}`))})`);
	}
	try {
		const { rows } = await sql<JobRun>`
			update job_runs set status = 'running', instance_id = ${instanceId}, started_at = ${now}::timestamptz,
				heartbeat_at = now(), owner_lock = ${ownerLock}::integer
			where id = (
				select q.id from job_runs q
				where ${sql.join(filters, sql` and `)}
					and not exists (select 1 from job_runs r where r.job_name = q.job_name and r.status = 'running')
				order by q.queued_at, q.id
				limit 1
				for update skip locked
			) and status = 'queued'
			returning *`.execute(db);
		return rows[0] ?? null;
	} catch (e) {
		if (isUniqueViolation(e)) return null;
		throw e;
	}
}

/**
 * Marks abandoned the running runs whose owner is gone: no heartbeat for `staleAfterMs` by the
 * database's clock, or (at once) an owner whose presence lock no longer exists because its
 * session ended. Returns them, each exactly once across instances.
 */
export async function markAbandoned(
	db: Kysely<Database>,
	staleAfterMs: number,
	now: Date
): Promise<JobRun[]> {
	return db
		.updateTable('job_runs')
		.set({
			status: 'abandoned',
			finished_at: now,
			error: 'Phiên chạy bị bỏ dở: máy chủ đang chạy đã ngừng gửi tín hiệu (có thể đã dừng đột ngột).'
		})
		.where('status', '=', 'running')
		.where(
			sql<boolean>`(coalesce(heartbeat_at, started_at) < now() - ${staleAfterMs}::float8 * interval '1 millisecond'
				or (owner_lock is not null and not exists (
					select 1 from pg_locks l
					where l.locktype = 'advisory' and l.granted and l.objsubid = 2
						and l.database = (select oid from pg_database where datname = current_database())
						and l.classid::bigint = ${PRESENCE_LOCK_CLASS} and l.objid::bigint = job_runs.owner_lock)))`
		)
		.returningAll()
		.execute();
}

/**
 * Ends the sessions of runs taken away from their owner (PostgreSQL): an owner that froze with a
 * transaction open would otherwise hold its locks, and its statement would run on. Only sessions
 * of our own database role: signalling others' needs a privilege the app does not have.
 */
export async function endRunSessions(db: Kysely<Database>, runIds: readonly number[]): Promise<number> {
	if (runIds.length === 0) return 0;
	const names = runIds.map(runSessionName);
	const { rows } = await sql<{ ended: boolean }>`
		select pg_terminate_backend(pid) as ended from pg_stat_activity
		where datname = current_database() and usename = current_user and pid <> pg_backend_pid()
			and application_name in (${sql.join(names)})`.execute(db);
	return rows.filter((r) => r.ended).length;
}
