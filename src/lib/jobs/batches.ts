// Batches of one run shared between instances: the owner plans them once (a resumed run keeps
// the plan and skips finished batches), then every instance claims pending batches one at a
// time with FOR UPDATE SKIP LOCKED. Each claim is one statement, so no transaction is held
// open across awaits (which would deadlock PGlite's single connection).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import type { JobCounts } from './definition';
import { addCounts } from './definition';

export interface ClaimedBatch {
	batch_set: number;
	batch_no: number;
	payload: unknown;
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

/**
 * Puts back batches claimed by an instance that stopped (claimed more than `staleAfterMs` ago by
 * the database's clock, which every instance shares, or by a given owner).
 */
export async function releaseStaleBatches(
	db: Kysely<Database>,
	batchSet: number,
	o: { staleAfterMs?: number; claimedBy?: string }
): Promise<number> {
	let q = db
		.updateTable('job_run_batches')
		.set({ status: 'pending', claimed_by: null, claimed_at: null })
		.where('batch_set', '=', batchSet)
		.where('status', '=', 'running');
	if (o.staleAfterMs !== undefined)
		q = q.where(sql<boolean>`claimed_at < now() - ${o.staleAfterMs}::float8 * interval '1 millisecond'`);
	if (o.claimedBy) q = q.where('claimed_by', '=', o.claimedBy);
	const r = await q.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

export async function claimBatch(
	db: Kysely<Database>,
	batchSet: number,
	instanceId: string
): Promise<ClaimedBatch | null> {
	const { rows } = await sql<ClaimedBatch>`
		update job_run_batches b set status = 'running', claimed_by = ${instanceId}, claimed_at = now()
		where (b.batch_set, b.batch_no) = (
			select batch_set, batch_no from job_run_batches
			where batch_set = ${batchSet} and status = 'pending'
			order by batch_no limit 1
			for update skip locked
		)
		returning b.batch_set, b.batch_no, b.payload`.execute(db);
	return rows[0] ?? null;
}

export async function finishBatch(
	db: Kysely<Database>,
	b: ClaimedBatch,
	instanceId: string,
	counts: JobCounts,
	now: Date
): Promise<void> {
	await db
		.updateTable('job_run_batches')
		.set({ status: 'done', finished_at: now, counts: JSON.stringify(counts) })
		.where('batch_set', '=', b.batch_set)
		.where('batch_no', '=', b.batch_no)
		.where('claimed_by', '=', instanceId)
		.execute();
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
