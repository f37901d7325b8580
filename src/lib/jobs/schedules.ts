// The schedules in job_schedules (an admin edits them) and the ticks already queued. Reading
// never writes: the jobs page shows a job without a row by its default schedule; the scheduler
// and the worker insert the defaults when they start.
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';

export interface ScheduleRow {
	job_name: string;
	cron: string;
	enabled: boolean;
	catch_up: boolean;
	updated_at: Date;
}

export async function readSchedules(db: Kysely<Database>): Promise<ScheduleRow[]> {
	return db
		.selectFrom('job_schedules')
		.select(['job_name', 'cron', 'enabled', 'catch_up', 'updated_at'])
		.execute();
}

/** The schedules of the given jobs, inserting the defaults of jobs that have none yet. */
export async function ensureSchedules(
	db: Kysely<Database>,
	defaults: readonly { name: string; defaultCron: string; catchUp: boolean }[],
	now: Date
): Promise<ScheduleRow[]> {
	if (defaults.length) {
		await db
			.insertInto('job_schedules')
			.values(
				defaults.map((d) => ({ job_name: d.name, cron: d.defaultCron, catch_up: d.catchUp, updated_at: now }))
			)
			.onConflict((oc) => oc.column('job_name').doNothing())
			.execute();
	}
	return readSchedules(db);
}

/** Does any run exist for this tick (scheduled or caught up)? */
export async function tickExists(
	db: Kysely<Database>,
	jobName: string,
	scheduledFor: Date
): Promise<boolean> {
	const row = await db
		.selectFrom('job_runs')
		.select('id')
		.where('job_name', '=', jobName)
		.where('scheduled_for', '=', scheduledFor)
		.where('trigger', 'in', ['schedule', 'catch_up'])
		.executeTakeFirst();
	return !!row;
}
