// Who holds a job, decided by the database: heartbeats and staleness read the database's clock
// (instances' clocks disagree), one queued-or-running run per job is a constraint (two "Chạy ngay"
// at once queue one run), and a run is marked abandoned only together with its retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { postgresBaseUrl, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { insertRun } from '../../../src/lib/jobs/run-store';
import { createUser } from '../../../src/lib/server/auth/users';
import { runNow } from '../../../src/lib/server/jobs/service';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { AppError } from '../../../src/lib/errors';
import { counterJob, stepJob } from './test-jobs';

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

async function statusOf(runId: number): Promise<string> {
	const r = await h.db
		.selectFrom('job_runs')
		.select('status')
		.where('id', '=', runId)
		.executeTakeFirstOrThrow();
	return r.status;
}

describe('run ownership', () => {
	it('an instance whose clock runs 10 minutes ahead does not abandon a live run', async () => {
		let release!: () => void;
		const hang = new Promise<void>((r) => (release = r));
		const jobA = { ...stepJob({ total: 3, hang: { at: 1, release: hang } }), name: 'test-skew' };
		const a = new JobRunner({
			db: h.db,
			jobs: [jobA],
			clock: new ManualClock('2026-11-27T10:00:00+07:00'),
			instanceId: 'A',
			log: quiet
		});
		const b = new JobRunner({
			db: dbB(),
			jobs: [{ ...stepJob({ total: 3 }), name: 'test-skew' }],
			clock: new ManualClock('2026-11-27T10:10:00+07:00'),
			instanceId: 'B',
			log: quiet
		});
		const runId = (await a.enqueue('test-skew', { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await expect.poll(() => jobA.hangs).toEqual([1]);
		expect(await b.reapAbandoned()).toEqual([]);
		expect(await b.pollOnce()).toEqual([]);
		expect(await statusOf(runId)).toBe('running');
		release();
		expect((await aDone)?.status).toBe('succeeded');
	});

	it('two "run now" at once on two instances queue one run; the other is told it is already queued', async () => {
		const userId = await createUser(
			h.db,
			{ username: 'tv.runnow', displayName: 'Thanh tra', password: 'mat-khau-dai-du', roles: ['inspector'] },
			{ userId: null, actor: 'test', ip: null }
		);
		const user: AuthUser = {
			id: userId,
			username: 'tv.runnow',
			displayName: 'Thanh tra',
			roles: ['inspector'],
			agencyId: null,
			scope: { kind: 'all' },
			sessionId: 'test'
		};
		for (let round = 0; round < 5; round++) {
			const outcomes = await Promise.allSettled([
				runNow(h.db, user, 'expiry-scan', null),
				runNow(dbB(), user, 'expiry-scan', null)
			]);
			const ok = outcomes.filter((o) => o.status === 'fulfilled');
			const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
			expect(ok).toHaveLength(1);
			expect(refused).toHaveLength(1);
			expect(refused[0]!.reason).toBeInstanceOf(AppError);
			expect((refused[0]!.reason as AppError).code).toBe('CONFLICT');
			expect((refused[0]!.reason as AppError).message).toMatch(/đang chờ hoặc đang chạy \(lần chạy #\d+\)/);
			const active = await h.db
				.selectFrom('job_runs')
				.select('id')
				.where('job_name', '=', 'expiry-scan')
				.where('status', 'in', ['queued', 'running'])
				.execute();
			expect(active).toHaveLength(1);
			// One audit entry, for the run that was queued.
			const audits = await h.db
				.selectFrom('audit_log')
				.select('entity_id')
				.where('action', '=', 'job.run_now')
				.where('entity_id', '=', String(active[0]!.id))
				.execute();
			expect(audits).toHaveLength(1);
			await h.db
				.updateTable('job_runs')
				.set({ status: 'cancelled' })
				.where('id', '=', active[0]!.id)
				.execute();
		}
	});

	it('the database refuses a second queued-or-running run of a job; enqueue reports "already queued"', async () => {
		const a = new JobRunner({ db: h.db, jobs: [counterJob], instanceId: 'A', log: quiet });
		const first = await a.enqueue('test-counter', { trigger: 'manual' });
		expect(first).not.toBeNull();
		expect(await a.enqueue('test-counter', { trigger: 'manual' })).toBeNull();
		await expect(
			sql`insert into job_runs (job_name, trigger, status) values ('test-counter', 'manual', 'queued')`.execute(
				h.db
			)
		).rejects.toMatchObject({ code: '23505' });
		const [done] = await a.pollOnce();
		expect(done?.status).toBe('succeeded');
		expect(await a.enqueue('test-counter', { trigger: 'manual' })).not.toBeNull();
		await a.pollOnce();
	});

	it('marking a run abandoned and queuing its retry is one transaction', async () => {
		let release!: () => void;
		const hang = new Promise<void>((r) => (release = r));
		const jobA = { ...stepJob({ total: 4, hang: { at: 2, release: hang } }), name: 'test-reap-tx' };
		const a = new JobRunner({ db: h.db, jobs: [jobA], instanceId: 'A', log: quiet });
		const b = new JobRunner({
			db: dbB(),
			jobs: [{ ...stepJob({ total: 4 }), name: 'test-reap-tx' }],
			instanceId: 'B',
			log: quiet
		});
		const runId = (await a.enqueue('test-reap-tx', { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await expect.poll(() => jobA.hangs).toEqual([2]);
		await sql`update job_runs set heartbeat_at = heartbeat_at - interval '10 minutes' where id = ${runId}`.execute(
			h.db
		);
		// The retry's insert fails (as if the process died or the connection dropped right there).
		await sql`create function test_refuse_retry() returns trigger language plpgsql as $$
			begin raise exception 'no retry today'; end $$`.execute(h.db);
		await sql`create trigger test_refuse_retry before insert on job_runs for each row
			when (new.trigger = 'retry') execute function test_refuse_retry()`.execute(h.db);
		await expect(b.reapAbandoned()).rejects.toThrow(/no retry today/);
		// Not abandoned without a retry: still running, still stale, to be reaped again.
		expect(await statusOf(runId)).toBe('running');
		await sql`drop trigger test_refuse_retry on job_runs`.execute(h.db);
		await sql`drop function test_refuse_retry()`.execute(h.db);
		const [reaped] = await b.reapAbandoned();
		expect(reaped?.id).toBe(runId);
		const retry = await h.db
			.selectFrom('job_runs')
			.select(['status', 'attempt'])
			.where('retry_of_id', '=', runId)
			.executeTakeFirstOrThrow();
		expect(retry).toEqual({ status: 'queued', attempt: 2 });
		release();
		await aDone;
		expect(await statusOf(runId)).toBe('abandoned');
		const [resumed] = await b.pollOnce();
		expect(resumed?.status).toBe('succeeded');
	});

	it('a scheduled tick while the job is queued or running queues nothing more', async () => {
		const clock = new ManualClock('2026-11-30T10:00:30+07:00');
		const a = new JobRunner({ db: h.db, jobs: [counterJob], clock, instanceId: 'A', log: quiet });
		const queued = await insertRun(h.db, { jobName: 'test-counter', trigger: 'manual', now: clock.now() });
		expect(queued).not.toBeNull();
		clock.advance(MIN);
		expect(await a.enqueue('test-counter', { trigger: 'schedule', scheduledFor: clock.now() })).toBeNull();
		await a.pollOnce();
	});
});
