import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { postgresBaseUrl, withDatabase } from '../../helpers/test-db-config';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { Scheduler } from '../../../src/lib/jobs/scheduler';
import { TransientError } from '../../../src/lib/jobs/errors';
import { counterJob, stepJob } from './test-jobs';
import { z } from 'zod';

let h: DbHandle;
// On PostgreSQL the second instance has its own connection pool, as a second process would.
let second: DbHandle | undefined;
beforeAll(async () => {
	h = await openTestDb();
	if (h.kind === 'postgres') second = openPostgres(withDatabase(postgresBaseUrl(), h.location), 4);
});
afterAll(async () => {
	await second?.close();
	await h.close();
});
const dbB = () => second?.db ?? h.db;

const quiet = () => undefined;
const MIN = 60_000;

async function counter(): Promise<number> {
	const r = await h.db
		.selectFrom('settings')
		.select('value')
		.where('key', '=', 'test-counter')
		.executeTakeFirst();
	return r ? Number(r.value) : 0;
}

/** Moves a run's last heartbeat back, as if its owner had been silent that long. */
async function silence(runId: number, ms: number): Promise<void> {
	await sql`update job_runs set heartbeat_at = heartbeat_at - ${ms}::float8 * interval '1 millisecond'
		where id = ${runId}`.execute(h.db);
}

describe('job runner', () => {
	it('two instances over many ticks: each scheduled tick runs exactly once', async () => {
		const clock = new ManualClock('2026-11-25T00:00:30+07:00');
		const a = new JobRunner({ db: h.db, jobs: [counterJob], clock, instanceId: 'A', log: quiet });
		const b = new JobRunner({ db: dbB(), jobs: [counterJob], clock, instanceId: 'B', log: quiet });
		const sa = new Scheduler(h.db, a);
		const sb = new Scheduler(dbB(), b);
		await sa.load();
		await sb.load();
		const TICKS = 40;
		for (let i = 0; i < TICKS; i++) {
			clock.advance(MIN);
			const [ia, ib] = await Promise.all([sa.fireDue(), sb.fireDue()]);
			expect(ia.length + ib.length).toBe(1);
			await Promise.all([a.pollOnce(), b.pollOnce()]);
		}
		const runs = await h.db
			.selectFrom('job_runs')
			.select(['scheduled_for', 'status', 'instance_id'])
			.where('job_name', '=', 'test-counter')
			.execute();
		expect(runs).toHaveLength(TICKS);
		expect(new Set(runs.map((r) => r.scheduled_for!.getTime())).size).toBe(TICKS);
		expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
		expect(await counter()).toBe(TICKS);
		// Both instances did some of the work (claims race), and no tick ran on both.
		expect(new Set(runs.map((r) => r.instance_id)).size).toBeGreaterThanOrEqual(1);
	});

	it('catches up a missed tick once at start, not when already run', async () => {
		const clock = new ManualClock('2026-11-26T09:00:00+07:00');
		const job = { ...counterJob, name: 'test-catchup', defaultCron: '0 2 * * *' };
		const a = new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'A', log: quiet });
		const s = new Scheduler(h.db, a);
		await s.load();
		expect(await s.catchUp()).toHaveLength(0); // the tick of 02:00 today predates the schedule
		clock.advance(24 * 60 * MIN); // every instance "down" through 02:00 on the 27th
		const s2 = new Scheduler(
			h.db,
			new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'B', log: quiet })
		);
		const s3 = new Scheduler(
			h.db,
			new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'C', log: quiet })
		);
		await s2.load();
		await s3.load();
		const [c2, c3] = await Promise.all([s2.catchUp(), s3.catchUp()]);
		expect(c2.length + c3.length).toBe(1);
		expect(await s2.catchUp()).toHaveLength(0);
		const row = await h.db
			.selectFrom('job_runs')
			.select(['trigger', 'scheduled_for'])
			.where('job_name', '=', 'test-catchup')
			.executeTakeFirstOrThrow();
		expect(row.trigger).toBe('catch_up');
		expect(row.scheduled_for!.toISOString()).toBe('2026-11-26T19:00:00.000Z');
	});

	it('a crash mid-run: abandoned after the heartbeat goes stale, retried elsewhere from the checkpoint', async () => {
		const clock = new ManualClock('2026-11-27T10:00:00+07:00');
		let release!: () => void;
		const hang = new Promise<void>((r) => (release = r));
		const jobA = stepJob({ total: 10, hang: { at: 4, release: hang } });
		const jobB = stepJob({ total: 10 });
		const a = new JobRunner({
			db: h.db,
			jobs: [jobA],
			clock,
			instanceId: 'A',
			abandonAfterMs: 90_000,
			log: quiet
		});
		const b = new JobRunner({
			db: dbB(),
			jobs: [jobB],
			clock,
			instanceId: 'B',
			abandonAfterMs: 90_000,
			log: quiet
		});
		const runId = (await a.enqueue('test-steps', { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId); // hangs at item 4: A "crashed"
		await expect.poll(() => jobA.hangs).toEqual([4]);
		// B sees a live heartbeat: nothing to do, and it may not run the same job concurrently.
		expect(await b.pollOnce()).toEqual([]);
		// Two minutes of silence from A, by the database's clock (the only one staleness reads).
		await silence(runId, 2 * MIN);
		const results = await b.pollOnce();
		const original = await h.db
			.selectFrom('job_runs')
			.selectAll()
			.where('id', '=', runId)
			.executeTakeFirstOrThrow();
		expect(original.status).toBe('abandoned');
		expect(results).toHaveLength(1);
		const retry = results[0]!;
		expect(retry.status).toBe('succeeded');
		expect(retry.trigger).toBe('retry');
		expect(retry.retry_of_id).toBe(runId);
		expect(retry.attempt).toBe(2);
		expect(jobB.processed).toEqual([4, 5, 6, 7, 8, 9]);
		expect(retry.counts).toEqual({ items: 6 });
		// The "crashed" instance wakes up: its writes are refused and it stops.
		release();
		await aDone;
		expect(jobA.processed).toEqual([0, 1, 2, 3]);
		const after = await h.db
			.selectFrom('job_runs')
			.select('status')
			.where('id', '=', runId)
			.executeTakeFirstOrThrow();
		expect(after.status).toBe('abandoned');
	});

	it('stop (SIGTERM) checkpoints the running job and queues its continuation', async () => {
		const clock = new ManualClock('2026-11-28T10:00:00+07:00');
		let release!: () => void;
		const hang = new Promise<void>((r) => (release = r));
		const job = { ...stepJob({ total: 6, hang: { at: 2, release: hang } }), name: 'test-stop' };
		const a = new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'A', log: quiet });
		const runId = (await a.enqueue('test-stop', { trigger: 'manual' }))!;
		const done = a.runQueued(runId);
		await expect
			.poll(
				async () =>
					(
						await h.db
							.selectFrom('job_runs')
							.select('checkpoint')
							.where('id', '=', runId)
							.executeTakeFirstOrThrow()
					).checkpoint
			)
			.toEqual({ next: 2 });
		await expect.poll(() => job.hangs).toEqual([2]);
		const stopping = a.stop();
		release();
		await stopping;
		await done;
		const run = await h.db
			.selectFrom('job_runs')
			.selectAll()
			.where('id', '=', runId)
			.executeTakeFirstOrThrow();
		expect(run.status).toBe('cancelled');
		// The job finished the item it was on, saved, and stopped at its next abort check.
		expect(run.checkpoint).toEqual({ next: 3 });
		expect(job.processed).toEqual([0, 1, 2]);
		const next = await h.db
			.selectFrom('job_runs')
			.selectAll()
			.where('retry_of_id', '=', runId)
			.executeTakeFirstOrThrow();
		expect(next.status).toBe('queued');
		expect(next.checkpoint).toEqual({ next: 3 });
		const fresh = stepJob({ total: 6 });
		const b = new JobRunner({
			db: h.db,
			jobs: [{ ...fresh, name: 'test-stop' }],
			clock,
			instanceId: 'B',
			log: quiet
		});
		const [resumed] = await b.pollOnce();
		expect(resumed?.status).toBe('succeeded');
		expect(fresh.processed).toEqual([3, 4, 5]);
	});

	it('transient errors are retried with backoff; other errors fail with message and stack', async () => {
		const clock = new ManualClock('2026-11-29T10:00:00+07:00');
		let calls = 0;
		const flaky = {
			...counterJob,
			name: 'test-flaky',
			payloadSchema: z.object({ fail: z.enum(['transient', 'fatal']) }),
			async run(ctx: { payload: { fail: string } }) {
				calls += 1;
				if (ctx.payload.fail === 'fatal') throw new Error('hỏng hẳn');
				if (calls === 1) throw new TransientError('mất kết nối');
				return { ok: 1 };
			}
		};
		const r = new JobRunner({ db: h.db, jobs: [flaky as never], clock, instanceId: 'A', log: quiet });
		await r.enqueue('test-flaky', { trigger: 'manual', payload: { fail: 'transient' } });
		const [first] = await r.pollOnce();
		expect(first?.status).toBe('failed');
		expect(first?.error).toBe('mất kết nối');
		expect(await r.pollOnce()).toEqual([]); // backoff not elapsed
		clock.advance(31_000);
		const [second] = await r.pollOnce();
		expect(second?.status).toBe('succeeded');
		expect(second?.attempt).toBe(2);
		await r.enqueue('test-flaky', { trigger: 'manual', payload: { fail: 'fatal' } });
		const [fatal] = await r.pollOnce();
		expect(fatal?.status).toBe('failed');
		expect(fatal?.error_stack).toContain('hỏng hẳn');
		clock.advance(3_600_000);
		expect(await r.pollOnce()).toEqual([]);
		await expect(r.enqueue('test-flaky', { trigger: 'manual', payload: { fail: 'nope' } })).rejects.toThrow(
			/không hợp lệ/
		);
		const logs = await sql<{
			n: number;
		}>`select count(*)::int as n from job_run_logs where run_id = ${first!.id}`.execute(h.db);
		expect(logs.rows[0]!.n).toBeGreaterThan(0);
	});
});
