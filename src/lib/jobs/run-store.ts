// The rows of job_runs: inserting a queued run (only through enqueue.ts, and for retries and
// continuations through run-outcomes.ts), the job's active run, and the owner's guarded update.
// Every write to a running run is guarded by (status = 'running', instance_id = me): once another
// instance marked the run abandoned, the old owner's late writes change nothing and it learns it
// lost the run. Heartbeats use the database's clock, never an instance's: two instances whose
// clocks disagree must still agree on which run went silent.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import type { RunTrigger } from './definition';

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

/**
 * Guarded update of a run this instance owns; false when the run is no longer ours. Inside a
 * transaction this is also the fence: it locks the run's row until the commit, so an instance
 * marking the run abandoned waits for the commit, or this finds the run gone and the work rolls back.
 */
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
