// Changes from the jobs page: an admin edits a schedule (validated cron, Vietnamese error), an
// admin or inspector runs a job now. Both are audited. Only the catalogue and the enqueue path are
// imported here, never the runner or a handler: the jobs page loads neither.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import { cronError } from '../../jobs/cron-times';
import { JOB_CATALOGUE, findJobMeta } from '../../jobs/catalogue';
import { enqueueRun } from '../../jobs/enqueue';
import { activeRun } from '../../jobs/run-store';
import { startRunHere } from '../../jobs/runtime-state';

export interface ScheduleInput {
	cron: string;
	enabled: boolean;
	catchUp: boolean;
}

export async function updateSchedule(
	db: Kysely<Database>,
	user: AuthUser,
	jobName: string,
	input: ScheduleInput,
	ip: string | null
): Promise<void> {
	const job = findJobMeta(jobName);
	if (!job) throw new AppError('NOT_FOUND', `Không có tác vụ "${jobName}".`);
	const cron = input.cron.trim().replace(/\s+/g, ' ');
	const err = cronError(cron);
	if (err) throw new AppError('INVALID_INPUT', err);
	const before = await db
		.selectFrom('job_schedules')
		.selectAll()
		.where('job_name', '=', jobName)
		.executeTakeFirst();
	await db
		.insertInto('job_schedules')
		.values({
			job_name: jobName,
			cron,
			enabled: input.enabled,
			catch_up: input.catchUp,
			updated_at: new Date(),
			updated_by: user.id
		})
		.onConflict((oc) =>
			oc.column('job_name').doUpdateSet({
				cron,
				enabled: input.enabled,
				catch_up: input.catchUp,
				updated_at: new Date(),
				updated_by: user.id
			})
		)
		.execute();
	await recordAudit(db, {
		userId: user.id,
		actor: user.username,
		action: 'job.schedule_update',
		entityType: 'job',
		entityId: jobName,
		ip,
		details: {
			before: before ? { cron: before.cron, enabled: before.enabled, catchUp: before.catch_up } : null,
			after: { cron, enabled: input.enabled, catchUp: input.catchUp }
		}
	});
}

/**
 * Queues a run now (through the enqueue path, payload validated) and, when this process runs jobs,
 * starts it at once; returns the run id. A job already queued or running is a CONFLICT: the
 * database refuses a second active run of a job (job_runs_one_active_uq), so two clicks on two
 * instances queue one run between them.
 */
export async function runNow(
	db: Kysely<Database>,
	user: AuthUser,
	jobName: string,
	ip: string | null
): Promise<number> {
	const job = findJobMeta(jobName);
	if (!job) throw new AppError('NOT_FOUND', `Không có tác vụ "${jobName}".`);
	const id = await db.transaction().execute(async (trx) => {
		const inserted = await enqueueRun(
			trx,
			JOB_CATALOGUE,
			jobName,
			{ trigger: 'manual', requestedBy: user.id, payload: {} },
			new Date()
		);
		if (inserted === null) {
			const active = await activeRun(trx, jobName);
			throw new AppError(
				'CONFLICT',
				`Tác vụ "${job.title}" đang chờ hoặc đang chạy${active ? ` (lần chạy #${active.id})` : ''}.`
			);
		}
		await recordAudit(trx, {
			userId: user.id,
			actor: user.username,
			action: 'job.run_now',
			entityType: 'job_run',
			entityId: inserted,
			ip,
			details: { job: jobName }
		});
		return inserted;
	});
	startRunHere(id);
	return id;
}

/**
 * Cancels a run this process queued but could not claim, while it is still queued: an instance
 * that claimed it meanwhile goes on with it. For `kiem-ky job run`.
 */
export async function cancelQueuedRun(db: Kysely<Database>, id: number, reason: string): Promise<void> {
	await db
		.updateTable('job_runs')
		.set({ status: 'cancelled', finished_at: new Date(), error: reason })
		.where('id', '=', id)
		.where('status', '=', 'queued')
		.execute();
}
