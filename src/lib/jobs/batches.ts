// Batches of one run shared between instances: the owner plans them once (a resumed run keeps
// the plan and skips finished batches), then every instance claims pending batches one at a
// time with FOR UPDATE SKIP LOCKED. Each claim is one statement, so no transaction is held
// open across awaits (which would deadlock PGlite's single connection).
//
// A claim is a lease: it counts up `lease` (the fencing token) and the holder's heartbeat keeps
// `heartbeat_at` fresh. A batch goes back to the pool only when its heartbeat is stale (its holder
// stopped or froze), however long a live holder takes; a later claim gets a new lease number, and
// every write of the first holder (its results, its completion) checks its own number and is
// refused.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import type { JobCounts } from './definition';
import { addCounts } from './definition';

export interface ClaimedBatch {
	batch_set: number;
	batch_no: number;
	payload: unknown;
	lease: number;
}

export async function planBatches(
	db: Kysely<Database>,
	batchSet: number,
	payloads: readonly unknown[]
): Promise<void> {
	for (let i = 0; i < payloads.length; i += 500) {
		const chunk = payloads
			.slice(i, i + 500)
			.map((p, j) => ({ batch_set: batchSet, batch_no: i + j, payload: JSON.stringify(p) }));
		await db
			.insertInto('job_run_batches')
			.values(chunk)
			.onConflict((oc) => oc.columns(['batch_set', 'batch_no']).doNothing())
			.execute();
	}
}

/** Puts back the batches whose holder has been silent for `staleAfterMs` by the database's clock. */
export async function releaseStaleBatches(
	db: Kysely<Database>,
	batchSet: number,
	o: { staleAfterMs: number }
): Promise<number> {
	const r = await db
		.updateTable('job_run_batches')
		.set({ status: 'pending', claimed_by: null, claimed_at: null, heartbeat_at: null })
		.where('batch_set', '=', batchSet)
		.where('status', '=', 'running')
		.where(
			sql<boolean>`coalesce(heartbeat_at, claimed_at) < now() - ${o.staleAfterMs}::float8 * interval '1 millisecond'`
		)
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

/** Gives a batch back at once (its holder failed on it): another instance may take it. */
export async function releaseBatch(db: Kysely<Database>, b: ClaimedBatch): Promise<boolean> {
	const r = await db
		.updateTable('job_run_batches')
		.set({ status: 'pending', claimed_by: null, claimed_at: null, heartbeat_at: null })
		.where('batch_set', '=', b.batch_set)
		.where('batch_no', '=', b.batch_no)
		.where('lease', '=', b.lease)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function claimBatch(
	db: Kysely<Database>,
	batchSet: number,
	instanceId: string
): Promise<ClaimedBatch | null> {
	const { rows } = await sql<ClaimedBatch>`
		update job_run_batches b set status = 'running', claimed_by = ${instanceId}, claimed_at = now(),
			heartbeat_at = now(), lease = b.lease + 1
		where (b.batch_set, b.batch_no) = (
			select batch_set, batch_no from job_run_batches
			where batch_set = ${batchSet} and status = 'pending'
			order by batch_no limit 1
			for update skip locked
		)
		returning b.batch_set, b.batch_no, b.payload, b.lease`.execute(db);
	return rows[0] ?? null;
}

/**
 * The holder's heartbeat; false when the batch is no longer held under this lease. Inside a
 * transaction it is also the fence of the batch's writes: it locks the row until the commit.
 */
export async function beatBatch(db: Kysely<Database>, b: ClaimedBatch): Promise<boolean> {
	const r = await db
		.updateTable('job_run_batches')
		.set({ heartbeat_at: sql<Date>`now()` })
		.where('batch_set', '=', b.batch_set)
		.where('batch_no', '=', b.batch_no)
		.where('lease', '=', b.lease)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

/** Marks the batch done with its counts; false (nothing written) when the lease is no longer ours. */
export async function completeBatch(
	db: Kysely<Database>,
	b: ClaimedBatch,
	counts: JobCounts,
	now: Date
): Promise<boolean> {
	const r = await db
		.updateTable('job_run_batches')
		.set({ status: 'done', finished_at: now, counts: JSON.stringify(counts), heartbeat_at: null })
		.where('batch_set', '=', b.batch_set)
		.where('batch_no', '=', b.batch_no)
		.where('lease', '=', b.lease)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function batchProgress(
	db: Kysely<Database>,
	batchSet: number
): Promise<{ done: number; total: number; running: number }> {
	const row = await db
		.selectFrom('job_run_batches')
		.select([
			sql<number>`count(*) filter (where status = 'done')::int`.as('done'),
			sql<number>`count(*) filter (where status = 'running')::int`.as('running'),
			sql<number>`count(*)::int`.as('total')
		])
		.where('batch_set', '=', batchSet)
		.executeTakeFirstOrThrow();
	return row;
}

export async function batchCounts(db: Kysely<Database>, batchSet: number): Promise<JobCounts> {
	const rows = await db
		.selectFrom('job_run_batches')
		.select('counts')
		.where('batch_set', '=', batchSet)
		.execute();
	return rows.reduce<JobCounts>((acc, r) => addCounts(acc, (r.counts ?? {}) as JobCounts), {});
}

/** Running runs whose batches still have pending work (for instances that help). */
export async function runsWithPendingBatches(
	db: Kysely<Database>,
	jobNames: readonly string[]
): Promise<{ id: number; batch_set: number; job_name: string }[]> {
	if (jobNames.length === 0) return [];
	const { rows } = await sql<{ id: number; batch_set: number; job_name: string }>`
		select r.id, b.batch_set, r.job_name from job_runs r
		join lateral (select distinct batch_set from job_run_batches b
			where b.batch_set = coalesce((r.checkpoint ->> 'batchSet')::int, r.id) and b.status = 'pending') b on true
		where r.status = 'running' and r.job_name in (${sql.join(jobNames.map((n) => sql`${n}`))})`.execute(db);
	return rows;
}
