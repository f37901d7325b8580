// How a run ends (retries): written with the run it queues next in one transaction, since a run
// marked failed, cancelled or abandoned whose retry or continuation was not queued would be lost
// for good (the process dying, or the database going away, between the two writes). An end that
// cannot be written while the database is away is kept and written at a later poll.
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { RunInterrupted } from './definition';
import { backoffMs, isTransient } from './errors';
import { isConnectionLost } from '../server/db/connection-errors';
import { insertRun, updateOwnedRun } from './run-store';
import { appendLog } from './run-history';
import { endRunSessions, markAbandoned } from './run-claims';

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

/**
 * Marks the runs of gone owners abandoned and queues their retries (from their checkpoints), in one
 * transaction; with `endSessions`, the runs' own sessions are ended before it commits.
 */
export async function reapAbandoned(
	db: Kysely<Database>,
	o: { abandonAfterMs: number; maxAttempts: number; now: Date; endSessions?: boolean }
): Promise<{ run: JobRun; retryId: number | null }[]> {
	return db.transaction().execute(async (trx) => {
		const lost = await markAbandoned(trx, o.abandonAfterMs, o.now);
		if (o.endSessions)
			await endRunSessions(
				trx,
				lost.map((r) => r.id)
			);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes runs' ends. Right after a cut the pool may still lend a connection that is dying, so a
 * lost connection is tried again twice at once; when the database stays away, the write is kept
 * and `flush` (each poll) writes it once the database is back.
 */
export class EndRecorder {
	private readonly pending = new Map<number, () => Promise<void>>();

	constructor(private readonly say: (line: string) => void) {}

	async record(runId: number, write: () => Promise<void>): Promise<void> {
		let lastError: unknown;
		for (const pause of [0, 200, 1000]) {
			if (pause) await sleep(pause);
			try {
				await write();
				return;
			} catch (e) {
				if (!isConnectionLost(e)) throw e;
				lastError = e;
			}
		}
		this.pending.set(runId, write);
		this.say(`run ${runId}: its end could not be recorded (${(lastError as Error).message}); will retry`);
	}

	async flush(): Promise<void> {
		for (const [runId, write] of this.pending) {
			try {
				await write();
				this.pending.delete(runId);
			} catch (e) {
				if (isConnectionLost(e)) return;
				this.pending.delete(runId);
				this.say(`run ${runId}: recording its end failed: ${(e as Error).message}`);
			}
		}
	}
}
