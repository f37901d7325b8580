// Shared batches on one database: two runner instances help one run's batches and every batch is
// done once; a batch whose holder froze past 90 s goes to another instance and the first holder's
// late completion is refused (its work rolls back with it); a live holder, heartbeating, keeps its
// batch however long it takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { z } from 'zod';
import { openTestDb } from '../../helpers/db';
import { postgresBaseUrl, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import type { JobDefinition } from '../../../src/lib/jobs/definition';
import { JobRunner } from '../../../src/lib/jobs/runner';
import {
	beatBatch,
	claimBatch,
	completeBatch,
	planBatches,
	releaseStaleBatches
} from '../../../src/lib/jobs/batches';

let h: DbHandle;
// On PostgreSQL the second instance has its own connection pool, as a second process would.
let second: DbHandle | undefined;
beforeAll(async () => {
	h = await openTestDb();
	if (h.kind === 'postgres') second = openPostgres(withDatabase(postgresBaseUrl(), h.location), 4);
	await sql`create table test_batch_work (run_id integer, batch integer, instance text)`.execute(h.db);
});
afterAll(async () => {
	await second?.close();
	await h.close();
});
const dbB = () => second?.db ?? h.db;
const quiet = () => undefined;

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => (open = r));
	return { open, opened, reached: [] as number[] };
}

/** A batched job of `batches` batches; each records (batch, instance) when it completes. `park` holds one batch. */
function batchedJob(
	name: string,
	instance: string,
	batches: number,
	park?: { at: number; gate: ReturnType<typeof gate> }
): JobDefinition<Record<string, never>> {
	return {
		name,
		title: 'Lô',
		description: 'test',
		defaultCron: '0 0 1 1 *',
		catchUp: false,
		payloadSchema: z.object({}).strict(),
		run: (ctx) => ctx.batches.run(async () => Array.from({ length: batches }, (_, i) => ({ i }))),
		async processBatch(ctx, batch) {
			const { i } = batch as { i: number };
			if (park && i === park.at) {
				park.gate.reached.push(i);
				await park.gate.opened; // a frozen holder, before it writes anything
			}
			return ctx.complete(async (trx) => {
				await sql`insert into test_batch_work values (${ctx.runId}, ${i}, ${instance})`.execute(trx);
				return { items: 1 };
			});
		}
	};
}

async function work(name: string): Promise<{ batch: number; instance: string }[]> {
	const { rows } = await sql<{ batch: number; instance: string }>`
		select w.batch, w.instance from test_batch_work w join job_runs r on r.id = w.run_id
		where r.job_name = ${name} order by w.batch`.execute(h.db);
	return rows;
}

describe('shared batches', () => {
	it('two instances help one run: every batch is done once', async () => {
		const name = 'test-batches-help';
		const g = gate();
		const a = new JobRunner({
			db: h.db,
			jobs: [batchedJob(name, 'A', 8, { at: 0, gate: g })],
			instanceId: 'A',
			log: quiet
		});
		const b = new JobRunner({ db: dbB(), jobs: [batchedJob(name, 'B', 8)], instanceId: 'B', log: quiet });
		const runId = (await a.enqueue(name, { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await expect.poll(() => g.reached).toEqual([0]);
		// B may not run the job itself (A runs it), but it helps with the pending batches.
		expect(await b.pollOnce()).toEqual([]);
		g.open();
		const run = await aDone;
		expect(run?.status).toBe('succeeded');
		expect(run?.counts).toEqual({ items: 8 });
		const done = await work(name);
		expect(done.map((d) => d.batch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(done.find((d) => d.batch === 0)?.instance).toBe('A');
		expect(done.filter((d) => d.instance === 'B')).toHaveLength(7);
		const leases = await h.db
			.selectFrom('job_run_batches')
			.select(['status', 'lease'])
			.where('batch_set', '=', runId)
			.execute();
		expect(leases.every((l) => l.status === 'done' && l.lease === 1)).toBe(true);
	});

	it('a batch held past 90 s by a frozen owner is handed to another instance once; the late completion is refused', async () => {
		const name = 'test-batches-frozen';
		const g = gate();
		const first = new JobRunner({
			db: h.db,
			jobs: [batchedJob(name, 'first', 4, { at: 0, gate: g })],
			instanceId: 'first',
			log: quiet
		});
		const other = new JobRunner({
			db: dbB(),
			jobs: [batchedJob(name, 'other', 4)],
			instanceId: 'other',
			log: quiet
		});
		const runId = (await first.enqueue(name, { trigger: 'manual' }))!;
		const firstDone = first.runQueued(runId);
		await expect.poll(() => g.reached).toEqual([0]);
		// Two minutes of silence: neither the run nor the batch had a heartbeat since its claim.
		await sql`update job_runs set heartbeat_at = heartbeat_at - interval '2 minutes' where id = ${runId}`.execute(
			h.db
		);
		await sql`update job_run_batches set claimed_at = claimed_at - interval '2 minutes',
			heartbeat_at = heartbeat_at - interval '2 minutes' where batch_set = ${runId} and status = 'running'`.execute(
			h.db
		);
		const [retry] = await other.pollOnce();
		expect(retry?.status).toBe('succeeded');
		expect(retry?.retry_of_id).toBe(runId);
		expect(retry?.counts).toEqual({ items: 4 });
		g.open();
		expect((await firstDone)?.status).toBe('abandoned');
		const done = await work(name);
		expect(done.map((d) => d.batch)).toEqual([0, 1, 2, 3]);
		expect(done.every((d) => d.instance === 'other')).toBe(true);
		const zero = await h.db
			.selectFrom('job_run_batches')
			.select(['status', 'lease', 'claimed_by'])
			.where('batch_set', '=', runId)
			.where('batch_no', '=', 0)
			.executeTakeFirstOrThrow();
		expect(zero).toEqual({ status: 'done', lease: 2, claimed_by: 'other' });
	});

	it('a live holder keeps its batch however long it takes; only a silent one loses it', async () => {
		const run = await h.db
			.insertInto('job_runs')
			.values({ job_name: 'test-batches-lease', trigger: 'manual', status: 'running', instance_id: 'H' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await planBatches(h.db, run.id, [{ i: 0 }]);
		const held = (await claimBatch(h.db, run.id, 'H'))!;
		expect(held.lease).toBe(1);
		// Held for two minutes, heartbeating all along.
		await sql`update job_run_batches set claimed_at = claimed_at - interval '2 minutes' where batch_set = ${run.id}`.execute(
			h.db
		);
		expect(await beatBatch(h.db, held)).toBe(true);
		expect(await releaseStaleBatches(dbB(), run.id, { staleAfterMs: 90_000 })).toBe(0);
		expect(await claimBatch(dbB(), run.id, 'other')).toBeNull();
		// Then silent for two minutes: it goes back to the pool, and its next holder gets a new lease.
		await sql`update job_run_batches set heartbeat_at = heartbeat_at - interval '2 minutes' where batch_set = ${run.id}`.execute(
			h.db
		);
		expect(await releaseStaleBatches(dbB(), run.id, { staleAfterMs: 90_000 })).toBe(1);
		const taken = (await claimBatch(dbB(), run.id, 'other'))!;
		expect(taken.lease).toBe(2);
		expect(await beatBatch(h.db, held)).toBe(false);
		expect(await completeBatch(h.db, held, { items: 1 }, new Date())).toBe(false);
		expect(await completeBatch(dbB(), taken, { items: 1 }, new Date())).toBe(true);
	});
});
