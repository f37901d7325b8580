// Running one claimed run: its lease (heartbeats, fencing, its own session on PostgreSQL), the
// context the handler gets, and how the run ends: succeeded, failed (and retried when the
// failure is transient), cancelled by a stop (continuation queued), or taken over by another
// instance (this one writes nothing more).
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { AppError } from '../errors';
import type { Clock } from './clock';
import { RunInterrupted, throwIfAborted, type JobContext, type JobDefinition } from './definition';
import { countsJson, getRun, runLogger } from './run-history';
import { finishFailed, finishStopped, type EndRecorder } from './run-outcomes';
import { RunLease } from './run-lease';
import type { BatchWork } from './batch-work';
import { isConnectionLost } from '../server/db/connection-errors';
import { jobResultInWords } from '../i18n/job-result';

export interface Execution {
	db: Kysely<Database>;
	instanceId: string;
	clock: Clock;
	maxAttempts: number;
	/** Give the run a session of its own (PostgreSQL). */
	isolate: boolean;
	definition(name: string): JobDefinition<any> | undefined;
	batches: BatchWork;
	recorder: EndRecorder;
	say(line: string): void;
	/** Called once the run holds its lease, so that the runner's heartbeat keeps it alive. */
	onLease(lease: RunLease): void;
}

const isLoss = (e: unknown, signal: AbortSignal) => {
	const reason = signal.reason as unknown;
	return (
		(e instanceof RunInterrupted && e.reason === 'lost') ||
		(reason instanceof RunInterrupted && reason.reason === 'lost')
	);
};

export async function executeRun(
	x: Execution,
	run: JobRun,
	controller: AbortController
): Promise<JobRun | undefined> {
	const { db, clock, instanceId: me } = x;
	const def = x.definition(run.job_name);
	let checkpoint: unknown = run.checkpoint ?? null;
	let lease: RunLease | undefined;
	try {
		if (!def) throw new AppError('JOB_FAILED', `Không có tác vụ "${run.job_name}" trong phiên bản này.`);
		const l = await RunLease.open({ db, run, instanceId: me, controller, isolate: x.isolate });
		lease = l;
		x.onLease(l);
		const log = runLogger(db, run.id, clock);
		const ctx: JobContext<unknown> = {
			db: l.sessionDb,
			runId: run.id,
			trigger: run.trigger,
			scheduledFor: run.scheduled_for,
			payload: def.payloadSchema.parse(run.payload ?? {}),
			clock,
			signal: controller.signal,
			log,
			progress: async (done, total) => {
				throwIfAborted(controller.signal);
				await l.guard({ progress_done: done, progress_total: total });
			},
			checkpoint: {
				load: () => checkpoint,
				save: async (state) => {
					checkpoint = state;
					await l.guard({ checkpoint: JSON.stringify(state) });
				}
			},
			commit: async (write, o) => {
				const { out, saved } = await l.commit(write, o?.checkpoint);
				if (o?.checkpoint) checkpoint = saved;
				return out;
			},
			batches: { run: (plan) => x.batches.runAsOwner(ctx, def, plan) }
		};
		await log.info(
			`Bắt đầu (${run.trigger}${run.attempt > 1 ? `, lần thử ${run.attempt}` : ''}${checkpoint ? ', tiếp tục từ điểm lưu' : ''}).`
		);
		const counts = await def.run(ctx);
		await l.guard({
			status: 'succeeded',
			finished_at: clock.now(),
			counts: countsJson(counts),
			error: null,
			error_stack: null
		});
		await log.info(`Hoàn thành. ${jobResultInWords('vi', counts)}`);
	} catch (e) {
		if (isLoss(e, controller.signal)) {
			x.say(`run ${run.id} was taken over by another instance; stopped here`);
			return finalRow(db, run.id);
		}
		const reason = controller.signal.reason as unknown;
		if (reason instanceof RunInterrupted && reason.reason === 'stopping') {
			await x.recorder.record(run.id, () => finishStopped(db, run, me, checkpoint, clock.now()));
		} else {
			await x.recorder.record(run.id, () =>
				finishFailed(db, run, me, e, checkpoint, { now: clock.now(), maxAttempts: x.maxAttempts })
			);
		}
	} finally {
		await lease?.close();
	}
	return finalRow(db, run.id);
}

/** The run's row once it ended here; undefined while the database is away. */
async function finalRow(db: Kysely<Database>, runId: number): Promise<JobRun | undefined> {
	try {
		return await getRun(db, runId);
	} catch (e) {
		if (isConnectionLost(e)) return undefined;
		throw e;
	}
}
