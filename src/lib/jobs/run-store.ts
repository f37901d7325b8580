// The runner's queries on job_runs, job_run_logs and job_schedules. Every write to a running
// run is guarded by (status = 'running', instance_id = me): once another instance marked the
// run abandoned, the old owner's late writes change nothing and it learns it lost the run.
// Heartbeats and staleness use the database's clock, never an instance's: two instances whose
// clocks disagree must still agree on which run went silent.
import { sql, type Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import type { JobCounts, LogLevel, RunTrigger } from './definition';
import { PRESENCE_LOCK_CLASS } from './presence';

export interface NewRun {
	jobName: string;
	trigger: RunTrigger;
	scheduledFor?: Date | null;
	requestedBy?: number | null;
	payload?: unknown;
	checkpoint?: unknown;
	attempt?: number;
	retryOfId?: number | null;
	runAfter?: Date | null;
	now: Date;
}

/**
 * Inserts a queued run; returns null, inserting nothing, when the job already has a queued or
 * running run (job_runs_one_active_uq) or, for a scheduled or catch-up tick, when that tick
 * already has its run (job_runs_tick_uq). DO NOTHING rather than an error, so that a caller's
 * transaction survives the conflict.
 */
export async function insertRun(db: Kysely<Database>, r: NewRun): Promise<number | null> {
	const row = await db
		.insertInto('job_runs')
		.values({
			job_name: r.jobName,
			trigger: r.trigger,
			scheduled_for: r.scheduledFor ?? null,
			requested_by: r.requestedBy ?? null,
			payload: r.payload === undefined ? null : JSON.stringify(r.payload),
			checkpoint: r.checkpoint == null ? null : JSON.stringify(r.checkpoint),
			attempt: r.attempt ?? 1,
			retry_of_id: r.retryOfId ?? null,
			run_after: r.runAfter ?? null,
			status: 'queued',
			queued_at: r.now
		})
		.onConflict((oc) => oc.doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

/** The job's queued or running run, if any (at most one: job_runs_one_active_uq). */
export async function activeRun(
	db: Kysely<Database>,
	jobName: string
): Promise<{ id: number; status: string } | undefined> {
	return db
		.selectFrom('job_runs')
		.select(['id', 'status'])
		.where('job_name', '=', jobName)
		.where('status', 'in', ['queued', 'running'])
		.executeTakeFirst();
}

/** Does any run exist for this tick (scheduled or caught up)? */
export async function tickExists(
	db: Kysely<Database>,
	jobName: string,
	scheduledFor: Date
): Promise<boolean> {
	const row = await db
		.selectFrom('job_runs')
		.select('id')
		.where('job_name', '=', jobName)
		.where('scheduled_for', '=', scheduledFor)
		.where('trigger', 'in', ['schedule', 'catch_up'])
		.executeTakeFirst();
	return !!row;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

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

/** Guarded update of a run this instance owns; false when the run is no longer ours. */
export async function updateOwnedRun(
	db: Kysely<Database>,
	runId: number,
	instanceId: string,
	set: {
		/** Stamp the heartbeat with the database's now(). */
		heartbeat?: true;
		progress_done?: number;
		progress_total?: number | null;
		checkpoint?: string | null;
		status?: 'succeeded' | 'failed' | 'cancelled';
		finished_at?: Date;
		counts?: string;
		error?: string | null;
		error_stack?: string | null;
	}
): Promise<boolean> {
	const { heartbeat, ...columns } = set;
	const r = await db
		.updateTable('job_runs')
		.set(heartbeat ? { ...columns, heartbeat_at: sql<Date>`now()` } : columns)
		.where('id', '=', runId)
		.where('status', '=', 'running')
		.where('instance_id', '=', instanceId)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function appendLog(
	db: Kysely<Database>,
	runId: number,
	at: Date,
	level: LogLevel,
	message: string
): Promise<void> {
	await db
		.insertInto('job_run_logs')
		.values({ run_id: runId, at, level, message: message.slice(0, 4000) })
		.execute();
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

export async function getRun(db: Kysely<Database>, runId: number): Promise<JobRun | undefined> {
	return db.selectFrom('job_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

export function countsJson(c: JobCounts): string {
	return JSON.stringify(c);
}

export interface ScheduleRow {
	job_name: string;
	cron: string;
	enabled: boolean;
	catch_up: boolean;
	updated_at: Date;
}

/** The schedules of the given jobs, inserting the defaults of jobs that have none yet. */
export async function ensureSchedules(
	db: Kysely<Database>,
	defaults: readonly { name: string; defaultCron: string; catchUp: boolean }[],
	now: Date
): Promise<ScheduleRow[]> {
	if (defaults.length) {
		await db
			.insertInto('job_schedules')
			.values(
				defaults.map((d) => ({ job_name: d.name, cron: d.defaultCron, catch_up: d.catchUp, updated_at: now }))
			)
			.onConflict((oc) => oc.column('job_name').doNothing())
			.execute();
	}
	return db
		.selectFrom('job_schedules')
		.select(['job_name', 'cron', 'enabled', 'catch_up', 'updated_at'])
		.execute();
}
