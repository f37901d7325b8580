// The job runner: claims queued runs (one instance per run, one run per job at a time, both
// enforced by PostgreSQL), executes them with heartbeats, checkpoints and shared batches,
// marks runs of dead instances abandoned and retries them from their checkpoint, retries
// transient failures with backoff, and on stop (SIGTERM) lets running jobs checkpoint and
// queues their continuation. Cron ticks only insert queued runs (see scheduler.ts). A lost
// database connection fails the statement it served and so the run, which is retried; an end
// that could not be recorded is recorded on a later poll, and nothing here rejects unheard.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { AppError } from '../errors';
import { systemClock, type Clock } from './clock';
import {
	RunInterrupted,
	throwIfAborted,
	type JobContext,
	type JobCounts,
	type JobDefinition,
	type LogLevel,
	type RunTrigger
} from './definition';
import { isConnectionLost } from '../server/db/connection-errors';
import { appendLog, claimNextRun, countsJson, getRun, insertRun, updateOwnedRun } from './run-store';
import { finishFailed, finishStopped, reapAbandoned } from './run-outcomes';
import { Presence } from './presence';
import {
	batchCounts,
	batchProgress,
	claimBatch,
	finishBatch,
	planBatches,
	releaseStaleBatches,
	runsWithPendingBatches
} from './batches';

export interface RunnerOptions {
	db: Kysely<Database>;
	jobs: readonly JobDefinition<any>[];
	clock?: Clock;
	instanceId?: string;
	/** A run whose heartbeat is older than this (by the database's clock) is abandoned (default 90 s). */
	abandonAfterMs?: number;
	/**
	 * Hold a presence lock (PostgreSQL only) so that this instance's runs are taken over at once
	 * when its session ends, instead of after abandonAfterMs.
	 */
	presence?: boolean;
	/** Heartbeat period when real timers are on (default 15 s). */
	heartbeatMs?: number;
	/** Attempts in all, the first included (default 3). */
	maxAttempts?: number;
	/** Heartbeat and poll with setInterval (the server); tests drive the runner by hand instead. */
	realTimers?: boolean;
	/** Where the runner's own messages go (default console). */
	log?: (line: string) => void;
}

export interface EnqueueOptions {
	trigger: RunTrigger;
	scheduledFor?: Date | null;
	requestedBy?: number | null;
	payload?: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class JobRunner {
	readonly instanceId: string;
	readonly clock: Clock;
	private readonly db: Kysely<Database>;
	private readonly jobs = new Map<string, JobDefinition<any>>();
	private readonly active = new Map<
		number,
		{ controller: AbortController; done: Promise<JobRun | undefined> }
	>();
	private readonly abandonAfterMs: number;
	private readonly maxAttempts: number;
	private stopping = false;
	private pollTimer?: ReturnType<typeof setInterval>;
	private polling = false;
	private readonly stopController = new AbortController();
	private readonly presence?: Presence;
	/** Ends of runs (failed, cancelled) that could not be written while the database was away. */
	private readonly unrecorded = new Map<number, () => Promise<void>>();

	constructor(private readonly o: RunnerOptions) {
		this.db = o.db;
		this.clock = o.clock ?? systemClock;
		this.instanceId = o.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
		this.abandonAfterMs = o.abandonAfterMs ?? 90_000;
		this.maxAttempts = o.maxAttempts ?? 3;
		if (o.presence) this.presence = new Presence(o.db);
		for (const j of o.jobs) this.jobs.set(j.name, j);
	}

	definitions(): JobDefinition<any>[] {
		return [...this.jobs.values()];
	}

	definition(name: string): JobDefinition<any> | undefined {
		return this.jobs.get(name);
	}

	private say(line: string): void {
		(this.o.log ?? ((l: string) => console.log(l)))(`[kiem-ky jobs ${this.instanceId}] ${line}`);
	}

	/** Queues a run; null when the job is already queued or running, or the scheduled tick already has its run. */
	async enqueue(jobName: string, e: EnqueueOptions): Promise<number | null> {
		const def = this.jobs.get(jobName);
		if (!def) throw new AppError('NOT_FOUND', `Không có tác vụ "${jobName}".`);
		const parsed = def.payloadSchema.safeParse(e.payload ?? {});
		if (!parsed.success)
			throw new AppError(
				'INVALID_INPUT',
				`Tham số của tác vụ ${jobName} không hợp lệ: ${parsed.error.issues[0]?.message ?? ''}`
			);
		return insertRun(this.db, { jobName, ...e, payload: parsed.data, now: this.clock.now() });
	}

	/** Marks runs of dead instances abandoned and queues their retries (from their checkpoints). */
	async reapAbandoned(): Promise<JobRun[]> {
		const lost = await reapAbandoned(this.db, {
			abandonAfterMs: this.abandonAfterMs,
			maxAttempts: this.maxAttempts,
			now: this.clock.now()
		});
		for (const { run, retryId } of lost)
			this.say(
				`run ${run.id} (${run.job_name}) abandoned; retry ${retryId ? `queued as ${retryId}` : 'not queued'}`
			);
		return lost.map((l) => l.run);
	}

	/** This instance's presence lock key for the runs it claims (null without one). */
	private async ownerLock(): Promise<number | null> {
		if (!this.presence) return null;
		return this.presence.ensure().catch(() => null);
	}

	/**
	 * Writes a run's end. Right after a cut the pool may still lend a connection that is dying, so
	 * a lost connection is tried again twice at once; when the database stays away, the write is
	 * kept for a later poll.
	 */
	private async record(runId: number, write: () => Promise<void>): Promise<void> {
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
		this.unrecorded.set(runId, write);
		this.say(`run ${runId}: its end could not be recorded (${(lastError as Error).message}); will retry`);
	}

	private async recordPending(): Promise<void> {
		for (const [runId, write] of this.unrecorded) {
			try {
				await write();
				this.unrecorded.delete(runId);
			} catch (e) {
				if (isConnectionLost(e)) return;
				this.unrecorded.delete(runId);
				this.say(`run ${runId}: recording its end failed: ${(e as Error).message}`);
			}
		}
	}

	/**
	 * One pass: reap abandoned runs, claim every due queued run this instance may take, help
	 * other instances' batched runs. With `wait` (tests, CLI) resolves when the runs it started
	 * finish, with their final rows.
	 */
	async pollOnce(o: { wait?: boolean } = { wait: true }): Promise<JobRun[]> {
		if (this.stopping) return [];
		await this.recordPending();
		const ownerLock = await this.ownerLock();
		await this.reapAbandoned();
		const started: Promise<JobRun | undefined>[] = [];
		for (;;) {
			const run = await claimNextRun(
				this.db,
				this.instanceId,
				this.clock.now(),
				{ jobNames: [...this.jobs.keys()] },
				ownerLock
			);
			if (!run) break;
			started.push(this.execute(run));
		}
		const helping = this.assistBatches();
		if (!o.wait) {
			// Nobody awaits these: a rejection left unheard would end the process.
			for (const p of started) p.catch((e: unknown) => this.say(`run failed: ${(e as Error).message}`));
			helping.catch((e: unknown) => this.say(`helping with batches failed: ${(e as Error).message}`));
			return [];
		}
		const results = await Promise.all(started);
		await helping;
		return results.filter((r): r is JobRun => !!r);
	}

	/** Claims one specific queued run and executes it; resolves with its final row (null if not claimable now). */
	async runQueued(runId: number): Promise<JobRun | null> {
		const ownerLock = await this.ownerLock();
		const run = await claimNextRun(this.db, this.instanceId, this.clock.now(), { runId }, ownerLock);
		if (!run) return null;
		return (await this.execute(run)) ?? null;
	}

	/** Starts polling every `pollMs` (the server). */
	start(pollMs = 5_000): void {
		if (this.pollTimer) return;
		const tick = async () => {
			if (this.polling || this.stopping) return;
			this.polling = true;
			try {
				await this.pollOnce({ wait: false });
			} catch (e) {
				this.say(`poll failed: ${(e as Error).message}`);
			} finally {
				this.polling = false;
			}
		};
		this.pollTimer = setInterval(() => void tick(), pollMs);
		this.pollTimer.unref?.();
		void tick();
	}

	/** Graceful stop: running jobs are asked to checkpoint; their continuation is queued. */
	async stop(): Promise<void> {
		this.stopping = true;
		if (this.pollTimer) clearInterval(this.pollTimer);
		this.stopController.abort(new RunInterrupted('stopping'));
		for (const a of this.active.values()) a.controller.abort(new RunInterrupted('stopping'));
		await Promise.allSettled([...this.active.values()].map((a) => a.done));
		await this.recordPending().catch(() => undefined);
		await this.presence?.close();
	}

	isRunningHere(runId: number): boolean {
		return this.active.has(runId);
	}

	private execute(run: JobRun): Promise<JobRun | undefined> {
		const controller = new AbortController();
		const done = this.executeInner(run, controller).finally(() => this.active.delete(run.id));
		this.active.set(run.id, { controller, done });
		return done;
	}

	private async executeInner(run: JobRun, controller: AbortController): Promise<JobRun | undefined> {
		const def = this.jobs.get(run.job_name);
		const db = this.db;
		const me = this.instanceId;
		const now = () => this.clock.now();
		let checkpoint: unknown = run.checkpoint ?? null;
		const lost = () => {
			if (!controller.signal.aborted) controller.abort(new RunInterrupted('lost'));
			return new RunInterrupted('lost');
		};
		const guard = async (set: Parameters<typeof updateOwnedRun>[3]) => {
			if (!(await updateOwnedRun(db, run.id, me, { heartbeat: true, ...set }))) throw lost();
		};
		const log = async (level: LogLevel, message: string) => appendLog(db, run.id, now(), level, message);
		let heartbeat: ReturnType<typeof setInterval> | undefined;
		if (this.o.realTimers) {
			heartbeat = setInterval(() => {
				// A lost presence session is taken again here too (ownerLock never rejects).
				void this.ownerLock();
				updateOwnedRun(db, run.id, me, { heartbeat: true })
					.then((ok) => void (ok || lost()))
					.catch(() => undefined);
			}, this.o.heartbeatMs ?? 15_000);
			heartbeat.unref?.();
		}
		try {
			if (!def) throw new AppError('JOB_FAILED', `Không có tác vụ "${run.job_name}" trong phiên bản này.`);
			const payload = def.payloadSchema.parse(run.payload ?? {});
			const ctx: JobContext<unknown> = {
				db,
				runId: run.id,
				trigger: run.trigger,
				scheduledFor: run.scheduled_for,
				payload,
				clock: this.clock,
				signal: controller.signal,
				log: {
					info: (m) => log('info', m),
					warn: (m) => log('warn', m),
					error: (m) => log('error', m),
					debug: (m) => log('debug', m)
				},
				progress: async (done, total) => {
					throwIfAborted(controller.signal);
					await guard({ progress_done: done, progress_total: total });
				},
				checkpoint: {
					load: () => checkpoint,
					save: async (state) => {
						checkpoint = state;
						await guard({ checkpoint: JSON.stringify(state) });
					}
				},
				batches: { run: (plan) => this.runBatches(ctx, def, plan) }
			};
			await log(
				'info',
				`Bắt đầu (${run.trigger}${run.attempt > 1 ? `, lần thử ${run.attempt}` : ''}${checkpoint ? ', tiếp tục từ điểm lưu' : ''}).`
			);
			const counts = await def.run(ctx);
			await guard({
				status: 'succeeded',
				finished_at: now(),
				counts: countsJson(counts),
				error: null,
				error_stack: null
			});
			await log('info', `Hoàn thành: ${JSON.stringify(counts)}`);
		} catch (e) {
			const reason = controller.signal.reason as unknown;
			if (
				(e instanceof RunInterrupted && e.reason === 'lost') ||
				(reason instanceof RunInterrupted && reason.reason === 'lost')
			) {
				this.say(`run ${run.id} was taken over by another instance; stopped here`);
				return this.finalRow(run.id);
			}
			if (reason instanceof RunInterrupted && reason.reason === 'stopping') {
				await this.record(run.id, () => finishStopped(db, run, me, checkpoint, this.clock.now()));
			} else {
				await this.record(run.id, () =>
					finishFailed(db, run, me, e, checkpoint, { now: this.clock.now(), maxAttempts: this.maxAttempts })
				);
			}
		} finally {
			if (heartbeat) clearInterval(heartbeat);
		}
		return this.finalRow(run.id);
	}

	/** The run's row once it ended here; undefined while the database is away. */
	private async finalRow(runId: number): Promise<JobRun | undefined> {
		try {
			return await getRun(this.db, runId);
		} catch (e) {
			if (isConnectionLost(e)) return undefined;
			throw e;
		}
	}

	private async runBatches(
		ctx: JobContext<unknown>,
		def: JobDefinition<any>,
		plan: () => Promise<unknown[]>
	): Promise<JobCounts> {
		if (!def.processBatch) throw new Error(`job ${def.name} has no processBatch`);
		const state = (ctx.checkpoint.load() ?? {}) as { batchSet?: number };
		let batchSet = state.batchSet;
		if (!batchSet) {
			batchSet = ctx.runId;
			await planBatches(this.db, batchSet, await plan());
			await ctx.checkpoint.save({ ...state, batchSet });
		} else {
			await ctx.log.info(`Tiếp tục các lô đã lập (bộ ${batchSet}).`);
		}
		for (;;) {
			throwIfAborted(ctx.signal);
			const b = await claimBatch(this.db, batchSet, this.instanceId);
			if (!b) {
				const p = await batchProgress(this.db, batchSet);
				if (p.running === 0) break;
				// Batches claimed by instances that stopped go back to the pool; live helpers finish theirs.
				await releaseStaleBatches(this.db, batchSet, { staleAfterMs: this.abandonAfterMs });
				await ctx.progress(p.done, p.total);
				await sleep(this.o.realTimers ? 500 : 5);
				continue;
			}
			const counts = await def.processBatch(ctx, b.payload);
			await finishBatch(this.db, b, this.instanceId, counts, this.clock.now());
			const p = await batchProgress(this.db, batchSet);
			await ctx.progress(p.done, p.total);
		}
		return batchCounts(this.db, batchSet);
	}

	/** Helps other instances' batched runs: claims and processes their pending batches. */
	private async assistBatches(): Promise<void> {
		const batched = [...this.jobs.values()].filter((j) => j.processBatch).map((j) => j.name);
		const runs = (await runsWithPendingBatches(this.db, batched)).filter((r) => !this.active.has(r.id));
		for (const r of runs) {
			const def = this.jobs.get(r.job_name)!;
			const run = await getRun(this.db, r.id);
			if (!run) continue;
			const signal = this.stopController.signal;
			const log = async (level: LogLevel, m: string) =>
				appendLog(this.db, r.id, this.clock.now(), level, `[${this.instanceId}] ${m}`);
			const ctx: JobContext<unknown> = {
				db: this.db,
				runId: r.id,
				trigger: run.trigger,
				scheduledFor: run.scheduled_for,
				payload: def.payloadSchema.parse(run.payload ?? {}),
				clock: this.clock,
				signal,
				log: {
					info: (m) => log('info', m),
					warn: (m) => log('warn', m),
					error: (m) => log('error', m),
					debug: (m) => log('debug', m)
				},
				progress: async () => throwIfAborted(signal),
				checkpoint: { load: () => run.checkpoint, save: async () => undefined },
				batches: { run: async () => ({}) }
			};
			try {
				for (;;) {
					if (signal.aborted) break;
					const b = await claimBatch(this.db, r.batch_set, this.instanceId);
					if (!b) break;
					const counts = await def.processBatch!(ctx, b.payload);
					await finishBatch(this.db, b, this.instanceId, counts, this.clock.now());
				}
			} catch (e) {
				await releaseStaleBatches(this.db, r.batch_set, { claimedBy: this.instanceId });
				if (!(e instanceof RunInterrupted)) await log('error', `Lỗi khi xử lý lô: ${(e as Error).message}`);
			}
		}
	}
}
