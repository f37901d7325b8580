// Jobs when PostgreSQL goes away (restart, failover, pg_terminate_backend): the statement a run
// was serving fails, the run fails and is retried, nothing rejects unheard (Vitest fails the run
// on an unhandled rejection, as Node would end the server), an end that could not be written is
// written once the database is back, the runs of an instance whose session is gone are taken
// over at once, and a tick due while connections are refused is queued once they are accepted.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sql } from 'kysely';
import { z } from 'zod';
import { openTestDb } from '../../helpers/db';
import {
	NEEDS_POSTGRES,
	setAcceptingConnections,
	terminateBackends,
	waitForStatement
} from '../../helpers/connection-cut';
import { postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import type { JobDefinition } from '../../../src/lib/jobs/definition';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { Scheduler } from '../../../src/lib/jobs/scheduler';
import { isConnectionLost } from '../../../src/lib/server/db/connection-errors';
import { counterJob, stepJob } from './test-jobs';

const onPostgres = testDbKind() === 'postgres';
const quiet = () => undefined;

/** A job whose first attempt waits in a statement long enough to be cut; a retry returns at once. */
function sleepyJob(name: string, marker: string): JobDefinition<Record<string, never>> {
	return {
		name,
		title: 'Ngủ',
		description: 'test',
		defaultCron: '0 0 1 1 *',
		catchUp: false,
		payloadSchema: z.object({}).strict(),
		async run(ctx) {
			if (ctx.trigger !== 'retry') await sql`select pg_sleep(30) as ${sql.ref(marker)}`.execute(ctx.db);
			return { ok: 1 };
		}
	};
}

async function run(h: DbHandle, id: number) {
	return h.db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.skipIf(!onPostgres)(
	`jobs on a lost connection (${onPostgres ? 'PostgreSQL' : NEEDS_POSTGRES})`,
	() => {
		let h: DbHandle;
		beforeAll(async () => {
			h = await openTestDb();
		});
		afterAll(async () => {
			await setAcceptingConnections(h, true);
			await h?.close();
		});

		it('a run whose connection is cut mid-statement fails, is retried after the backoff, and the retry succeeds', async () => {
			const clock = new ManualClock('2026-12-01T10:00:00+07:00');
			const job = sleepyJob('test-cut', 'cut_me_job_1');
			const a = new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'A', presence: true, log: quiet });
			onTestFinished(() => a.stop()); // releases the presence lock's connection
			const id = (await a.enqueue('test-cut', { trigger: 'manual' }))!;
			await a.pollOnce({ wait: false }); // as the server's poll loop does: nobody awaits the run
			await waitForStatement(h, 'cut_me_job_1');
			expect(await terminateBackends(h)).toBeGreaterThan(0);
			await expect.poll(async () => (await run(h, id)).status, { timeout: 10_000 }).toBe('failed');
			const failed = await run(h, id);
			expect(failed.error).toMatch(/terminating connection|Connection terminated/);
			const retry = await h.db
				.selectFrom('job_runs')
				.selectAll()
				.where('retry_of_id', '=', id)
				.executeTakeFirstOrThrow();
			expect(retry.status).toBe('queued');
			expect(retry.attempt).toBe(2);
			expect(await a.pollOnce()).toEqual([]); // backoff not elapsed
			clock.advance(31_000);
			const [done] = await a.pollOnce();
			expect(done?.id).toBe(retry.id);
			expect(done?.status).toBe('succeeded');
		});

		it('while the database refuses connections a run that lost its own cannot record its end; it does once it is back', async () => {
			const clock = new ManualClock('2026-12-01T11:00:00+07:00');
			const lines: string[] = [];
			const job = sleepyJob('test-refused', 'cut_me_job_2');
			const a = new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'A', log: (l) => lines.push(l) });
			const id = (await a.enqueue('test-refused', { trigger: 'manual' }))!;
			await a.pollOnce({ wait: false });
			await waitForStatement(h, 'cut_me_job_2');
			await setAcceptingConnections(h, false);
			try {
				await terminateBackends(h);
				await expect
					.poll(() => lines.some((l) => l.includes(`run ${id}: its end could not be recorded`)), {
						timeout: 10_000
					})
					.toBe(true);
				// The poll loop's own pass fails too, and says so instead of rejecting unheard.
				await expect(a.pollOnce()).rejects.toSatisfy(isConnectionLost);
			} finally {
				await setAcceptingConnections(h, true);
			}
			expect((await run(h, id)).status).toBe('running');
			await a.pollOnce(); // the database is back: the end is written, with its retry
			const ended = await run(h, id);
			expect(ended.status).toBe('failed');
			const retry = await h.db
				.selectFrom('job_runs')
				.select(['status', 'attempt'])
				.where('retry_of_id', '=', id)
				.executeTakeFirstOrThrow();
			expect(retry).toEqual({ status: 'queued', attempt: 2 });
			await a.stop();
		});

		it('the runs of an instance whose session is gone are taken over at once, not after 90 s', async () => {
			const other = openPostgres(withDatabase(postgresBaseUrl(), h.location), 4);
			let release!: () => void;
			const hang = new Promise<void>((r) => (release = r));
			const jobA = { ...stepJob({ total: 4, hang: { at: 2, release: hang } }), name: 'test-gone' };
			const jobB = { ...stepJob({ total: 4 }), name: 'test-gone' };
			const a = new JobRunner({ db: other.db, jobs: [jobA], instanceId: 'A', presence: true, log: quiet });
			const b = new JobRunner({ db: h.db, jobs: [jobB], instanceId: 'B', presence: true, log: quiet });
			try {
				const id = (await a.enqueue('test-gone', { trigger: 'manual' }))!;
				const aDone = a.runQueued(id);
				await expect.poll(() => jobA.hangs).toEqual([2]);
				expect((await run(h, id)).owner_lock).not.toBeNull();
				// A is alive (its lock is held, its heartbeat fresh): B leaves its run alone.
				expect(await b.pollOnce()).toEqual([]);
				// A's sessions end, as when its process is killed or its host is cut off.
				await terminateBackends(h);
				const [resumed] = await b.pollOnce();
				expect((await run(h, id)).status).toBe('abandoned');
				expect(resumed?.retry_of_id).toBe(id);
				expect(resumed?.status).toBe('succeeded');
				expect(jobB.processed).toEqual([2, 3]);
				release();
				await aDone;
				expect(jobA.processed).toEqual([0, 1]);
				expect((await run(h, id)).status).toBe('abandoned');
			} finally {
				release();
				await a.stop();
				await b.stop();
				await other.close();
			}
		});

		it('a tick due while the database refuses connections is queued once it accepts them again', async () => {
			const clock = new ManualClock('2026-12-02T00:00:30+07:00');
			const job = { ...counterJob, name: 'test-refused-tick' };
			const a = new JobRunner({ db: h.db, jobs: [job], clock, instanceId: 'A', log: quiet });
			const s = new Scheduler(h.db, a);
			await s.load();
			clock.advance(60_000); // the 00:01 tick is due
			await setAcceptingConnections(h, false);
			try {
				await terminateBackends(h);
				await expect(s.fireDue()).rejects.toSatisfy(isConnectionLost);
			} finally {
				await setAcceptingConnections(h, true);
			}
			const ids = await s.fireDue();
			expect(ids).toHaveLength(1);
			const tick = await run(h, ids[0]!);
			expect(tick.scheduled_for?.toISOString()).toBe('2026-12-01T17:01:00.000Z');
			expect(await s.fireDue()).toEqual([]); // fired once
			await a.pollOnce();
		});
	}
);
