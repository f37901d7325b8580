// The server process's job runtime: one runner (executes queued runs, heartbeats, reaps
// abandoned runs) and, unless KIEMKY_SCHEDULER=off, the cron scheduler feeding it. Process-wide
// like the database handle: there is one per server, started in startup.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import { JobRunner } from './runner';
import { Scheduler } from './scheduler';
import { JOBS } from './registry';
import { ensureSchedules } from './run-store';

export interface JobRuntime {
	runner: JobRunner;
	/** null when this instance runs no schedules (KIEMKY_SCHEDULER=off). */
	scheduler: Scheduler | null;
}

let runtime: JobRuntime | undefined;

export async function startJobRuntime(
	db: Kysely<Database>,
	env: NodeJS.ProcessEnv = process.env,
	o: { presence?: boolean } = {}
): Promise<JobRuntime> {
	if (runtime) return runtime;
	// On PostgreSQL the runner holds a presence lock: its runs are taken over at once if it dies.
	const runner = new JobRunner({ db, jobs: JOBS, realTimers: true, presence: o.presence });
	let scheduler: Scheduler | null = null;
	if (env.KIEMKY_SCHEDULER === 'off') {
		await ensureSchedules(db, JOBS, new Date());
	} else {
		scheduler = new Scheduler(db, runner);
		await scheduler.start();
		runner.start();
	}
	runtime = { runner, scheduler };
	return runtime;
}

export function getJobRuntime(): JobRuntime | undefined {
	return runtime;
}

/** Graceful stop (SIGTERM): running jobs checkpoint and their continuation is queued. */
export async function stopJobRuntime(): Promise<void> {
	const r = runtime;
	runtime = undefined;
	if (!r) return;
	await r.scheduler?.stop();
	await r.runner.stop();
}
