// How a run ends, written with the run it queues next in one transaction: a run marked failed,
// cancelled or abandoned whose retry or continuation was not queued would be lost for good (the
// process dying, or the database going away, between the two writes).
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { RunInterrupted } from './definition';
import { backoffMs, isTransient } from './errors';
import { appendLog, insertRun, markAbandoned, updateOwnedRun } from './run-store';

const json = (v: unknown) => (v == null ? null : JSON.stringify(v));

/** The queued run that takes over from `run` (same job, tick, requester, payload and checkpoint). */
function follower(run: JobRun, checkpoint: unknown, attempt: number, now: Date, runAfter?: Date) {
	return {
		jobName: run.job_name,
		trigger: 'retry' as const,
		scheduledFor: run.scheduled_for,
		requestedBy: run.requested_by,
		payload: run.payload ?? undefined,
		checkpoint,
		attempt,
		retryOfId: run.id,
		runAfter: runAfter ?? null,
		now
	};
}

/** Graceful stop (SIGTERM): cancelled with its checkpoint, and its continuation queued. */
export async function finishStopped(
	db: Kysely<Database>,
	run: JobRun,
	instanceId: string,
	checkpoint: unknown,
	now: Date
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const ok = await updateOwnedRun(trx, run.id, instanceId, {
			status: 'cancelled',
			finished_at: now,
			checkpoint: json(checkpoint),
			error: new RunInterrupted('stopping').message
		});
		if (!ok) return;
		await appendLog(
			trx,
			run.id,
			now,
			'warn',
			'Dừng do máy chủ tắt (SIGTERM); đã lưu điểm dừng, lần chạy tiếp theo sẽ tiếp tục.'
		);
		await insertRun(trx, follower(run, checkpoint, run.attempt, now));
	});
}

/** Failed with message and stack; a transient failure (a lost connection among them) is retried after a backoff. */
export async function finishFailed(
	db: Kysely<Database>,
	run: JobRun,
	instanceId: string,
	e: unknown,
	checkpoint: unknown,
	o: { now: Date; maxAttempts: number }
): Promise<void> {
	const message = e instanceof Error ? e.message : String(e);
	await db.transaction().execute(async (trx) => {
		const ok = await updateOwnedRun(trx, run.id, instanceId, {
			status: 'failed',
			finished_at: o.now,
			error: message,
			error_stack: e instanceof Error ? (e.stack ?? null) : null,
			checkpoint: json(checkpoint)
		});
		if (!ok) return;
		await appendLog(trx, run.id, o.now, 'error', `Thất bại: ${message}`);
		if (!isTransient(e) || run.attempt >= o.maxAttempts) return;
		const delay = backoffMs(run.attempt);
		const retry = follower(run, checkpoint, run.attempt + 1, o.now, new Date(o.now.getTime() + delay));
		await insertRun(trx, retry);
		await appendLog(
			trx,
			run.id,
			o.now,
			'warn',
			`Lỗi tạm thời: sẽ thử lại sau ${Math.round(delay / 1000)} giây.`
		);
	});
}

/** Marks the runs of gone owners abandoned and queues their retries (from their checkpoints), in one transaction. */
export async function reapAbandoned(
	db: Kysely<Database>,
	o: { abandonAfterMs: number; maxAttempts: number; now: Date }
): Promise<{ run: JobRun; retryId: number | null }[]> {
	return db.transaction().execute(async (trx) => {
		const lost = await markAbandoned(trx, o.abandonAfterMs, o.now);
		const out: { run: JobRun; retryId: number | null }[] = [];
		for (const run of lost) {
			await appendLog(trx, run.id, o.now, 'warn', `Bỏ dở (máy chủ ${run.instance_id} không còn tín hiệu).`);
			if (run.attempt >= o.maxAttempts) {
				await appendLog(trx, run.id, o.now, 'error', `Đã thử ${run.attempt} lần: không thử lại.`);
				out.push({ run, retryId: null });
				continue;
			}
			const retryId = await insertRun(trx, follower(run, run.checkpoint, run.attempt + 1, o.now));
			out.push({ run, retryId });
		}
		return out;
	});
}
