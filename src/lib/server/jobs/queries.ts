// The jobs page and `kiem-ky job list`: each job with its schedule, next run, last result and the
// run in progress; a job's history; one run with its logs. Reads only (a GET writes nothing: a job
// without a schedule row shows its default); changes are in service.ts. The jobs come from the
// catalogue, so the page loads no job handler and no PKI code.
import { sql, type Kysely } from 'kysely';
import type { Database, JobRun } from '../db/schema';
import { JOB_CATALOGUE } from '../../jobs/catalogue';
import { readSchedules } from '../../jobs/schedules';
import { nextTick } from '../../jobs/cron-times';
import { latestAuditCheckpoint, type AuditCheckpoint } from '../audit/checkpoints';

export interface JobOverview {
	name: string;
	title: string;
	description: string;
	cron: string;
	defaultCron: string;
	enabled: boolean;
	catchUp: boolean;
	nextRun: Date | null;
	last: Pick<JobRun, 'id' | 'status' | 'trigger' | 'started_at' | 'finished_at' | 'counts' | 'error'> | null;
	active: Pick<
		JobRun,
		'id' | 'status' | 'progress_done' | 'progress_total' | 'started_at' | 'queued_at' | 'instance_id'
	> | null;
}

export async function listJobs(db: Kysely<Database>, now: Date): Promise<JobOverview[]> {
	const schedules = new Map((await readSchedules(db)).map((s) => [s.job_name, s]));
	const { rows: last } = await sql<JobOverview['last'] & { job_name: string }>`
		select distinct on (job_name) job_name, id, status, trigger, started_at, finished_at, counts, error
		from job_runs where status in ('succeeded', 'failed', 'abandoned', 'cancelled')
		order by job_name, id desc`.execute(db);
	const { rows: active } = await sql<JobOverview['active'] & { job_name: string }>`
		select distinct on (job_name) job_name, id, status, progress_done, progress_total, started_at, queued_at, instance_id
		from job_runs where status in ('running', 'queued')
		order by job_name, (status = 'running') desc, id`.execute(db);
	const lastBy = new Map(last.map((r) => [r.job_name, r]));
	const activeBy = new Map(active.map((r) => [r.job_name, r]));
	return JOB_CATALOGUE.map((j) => {
		const s = schedules.get(j.name);
		const cron = s?.cron ?? j.defaultCron;
		const enabled = s?.enabled ?? true;
		let next: Date | null = null;
		try {
			next = enabled ? nextTick(cron, now) : null;
		} catch {
			next = null;
		}
		return {
			name: j.name,
			title: j.title,
			description: j.description,
			cron,
			defaultCron: j.defaultCron,
			enabled,
			catchUp: s?.catch_up ?? j.catchUp,
			nextRun: next,
			last: lastBy.get(j.name) ?? null,
			active: activeBy.get(j.name) ?? null
		};
	});
}

export interface JobsPage {
	jobs: JobOverview[];
	runs: RunSummary[];
	auditCheckpoint: AuditCheckpoint | null;
}

/** Everything /tac-vu shows. */
export async function jobsPage(db: Kysely<Database>, now: Date): Promise<JobsPage> {
	const [jobs, runs, auditCheckpoint] = await Promise.all([
		listJobs(db, now),
		listRuns(db, { limit: 40 }),
		latestAuditCheckpoint(db)
	]);
	return { jobs, runs, auditCheckpoint };
}

export type RunSummary = Pick<
	JobRun,
	| 'id'
	| 'job_name'
	| 'trigger'
	| 'status'
	| 'attempt'
	| 'scheduled_for'
	| 'queued_at'
	| 'started_at'
	| 'finished_at'
	| 'progress_done'
	| 'progress_total'
	| 'counts'
	| 'error'
	| 'instance_id'
>;

/** The columns of a run as the jobs page lists it (its history and the per-job list). */
export const RUN_SUMMARY_COLUMNS = [
	'id',
	'job_name',
	'trigger',
	'status',
	'attempt',
	'scheduled_for',
	'queued_at',
	'started_at',
	'finished_at',
	'progress_done',
	'progress_total',
	'counts',
	'error',
	'instance_id'
] as const;

export async function listRuns(
	db: Kysely<Database>,
	o: { jobName?: string; limit?: number } = {}
): Promise<RunSummary[]> {
	let q = db
		.selectFrom('job_runs')
		.select(RUN_SUMMARY_COLUMNS)
		.orderBy('id', 'desc')
		.limit(o.limit ?? 30);
	if (o.jobName) q = q.where('job_name', '=', o.jobName);
	return q.execute();
}

export interface RunDetail {
	run: JobRun;
	logs: { id: number; at: Date; level: string; message: string }[];
	requestedBy: string | null;
}

export async function getRun(db: Kysely<Database>, id: number): Promise<RunDetail | null> {
	const run = await db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();
	if (!run) return null;
	const [logs, user] = await Promise.all([
		db
			.selectFrom('job_run_logs')
			.select(['id', 'at', 'level', 'message'])
			.where('run_id', '=', id)
			.orderBy('id')
			.limit(1000)
			.execute(),
		run.requested_by
			? db.selectFrom('users').select('display_name').where('id', '=', run.requested_by).executeTakeFirst()
			: undefined
	]);
	return { run, logs, requestedBy: user?.display_name ?? null };
}

/** The job's newest run in any state, for `kiem-ky job list`. */
export async function latestRun(
	db: Kysely<Database>,
	jobName: string
): Promise<Pick<JobRun, 'status' | 'finished_at' | 'started_at'> | null> {
	const run = await db
		.selectFrom('job_runs')
		.select(['status', 'finished_at', 'started_at'])
		.where('job_name', '=', jobName)
		.orderBy('id', 'desc')
		.executeTakeFirst();
	return run ?? null;
}

/** How far a run has come, for `kiem-ky job run`'s progress lines; null if there is no such run. */
export async function runProgress(
	db: Kysely<Database>,
	id: number
): Promise<Pick<JobRun, 'progress_done' | 'progress_total'> | null> {
	const run = await db
		.selectFrom('job_runs')
		.select(['progress_done', 'progress_total'])
		.where('id', '=', id)
		.executeTakeFirst();
	return run ?? null;
}
