// A process's job runtime: one runner (executes runs, heartbeats, reaps abandoned runs) and, when
// the scheduler is on, the cron scheduler feeding it and the poll that takes queued runs. With
// the scheduler off (KIEMKY_SCHEDULER=off, web instances beside workers) the runner only runs the
// "Chạy ngay" clicked on this instance. Process-wide like the database handle: the server
// (startup.ts) and `kiem-ky worker` start one. It registers itself in runtime-state.ts, which is
// what the pages import.
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import { JobRunner } from './runner';
import { Scheduler } from './scheduler';
import { JOBS } from './registry';
import { ensureSchedules } from './schedules';
import { registerJobRuntime } from './runtime-state';

export interface JobRuntime {
	runner: JobRunner;
	/** null when this instance runs no schedules (KIEMKY_SCHEDULER=off). */
	scheduler: Scheduler | null;
}

let runtime: JobRuntime | undefined;

export async function startJobRuntime(
	db: Kysely<Database>,
	o: { scheduler: boolean; postgres: boolean }
): Promise<JobRuntime> {
	if (runtime) return runtime;
	// On PostgreSQL the runner holds a presence lock (its runs are taken over at once if it dies)
	// and gives each run a session of its own (ended when the run is taken away).
	const runner = new JobRunner({
		db,
		jobs: JOBS,
		realTimers: true,
		presence: o.postgres,
		isolateRuns: o.postgres
	});
	let scheduler: Scheduler | null = null;
	if (o.scheduler) {
		scheduler = new Scheduler(db, runner);
		await scheduler.start();
		runner.start();
	} else {
		await ensureSchedules(db, JOBS, new Date());
	}
	runtime = { runner, scheduler };
	registerJobRuntime({
		scheduler: scheduler ? 'on' : 'off',
		startHere: (id) =>
			void runner
				.runQueued(id)
				.catch((e: unknown) => console.error(`[kiem-ky jobs] run ${id}: ${(e as Error).message}`))
	});
	return runtime;
}

/** Graceful stop (SIGTERM): running jobs checkpoint and their continuation is queued. */
export async function stopJobRuntime(): Promise<void> {
	const r = runtime;
	runtime = undefined;
	registerJobRuntime(undefined);
	if (!r) return;
	await r.scheduler?.stop();
	await r.runner.stop();
}
