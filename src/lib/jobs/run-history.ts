// A run's history as the jobs page shows it: its log lines and its row. Log lines are written
// through the pool, outside the job's transactions, so a run that failed still says why.
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import type { Clock } from './clock';
import type { JobCounts, JobLogger, LogLevel } from './definition';

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

/** The logger a job's context gets; `prefix` names a helping instance in its lines. */
export function runLogger(db: Kysely<Database>, runId: number, clock: Clock, prefix = ''): JobLogger {
	const log = (level: LogLevel) => (m: string) => appendLog(db, runId, clock.now(), level, prefix + m);
	return { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
}

export async function getRun(db: Kysely<Database>, runId: number): Promise<JobRun | undefined> {
	return db.selectFrom('job_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

export function countsJson(c: JobCounts): string {
	return JSON.stringify(c);
}
