// The job runner: claims queued runs (one instance per run, one run per job at a time, both
// enforced by PostgreSQL) and executes them (run-execution.ts) under a lease kept by heartbeats
// (run-lease.ts), marks runs of dead instances abandoned and retries them from their checkpoint
// (run-outcomes.ts), helps other instances with shared batches (batch-work.ts), and on stop
// (SIGTERM) lets running jobs checkpoint and queues their continuation. Cron ticks and every other
// start go through enqueue.ts. A lost database connection fails the statement it served and so
// the run, which is retried; an end that could not be recorded is recorded on a later poll, and
// nothing here rejects unheard.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { systemClock, type Clock } from './clock';
import { RunInterrupted, type JobDefinition } from './definition';
import { enqueueRun, type EnqueueOptions } from './enqueue';
import { claimNextRun } from './run-claims';
import { EndRecorder, reapAbandoned } from './run-outcomes';
import { executeRun } from './run-execution';
import type { RunLease } from './run-lease';
import { BatchWork } from './batch-work';
import { Presence } from './presence';

export type { EnqueueOptions } from './enqueue';

export interface RunnerOptions {
	db: Kysely<Database>;
	jobs: readonly JobDefinition<any>[];
	clock?: Clock;
	instanceId?: string;
	/** A run or batch whose heartbeat is older than this (by the database's clock) is taken away (default 90 s). */
	abandonAfterMs?: number;
	/**
	 * Hold a presence lock (PostgreSQL only) so that this instance's runs are taken over at once
	 * when its session ends, instead of after abandonAfterMs.
	 */
	presence?: boolean;
	/**
	 * PostgreSQL only: each run gets a session of its own, named for the run; the sessions of runs
	 * this instance takes away are ended, and a run that learns it was taken away cancels its statement.
	 */
	isolateRuns?: boolean;
	/** Heartbeat period when real timers are on (default 15 s). */
	heartbeatMs?: number;
	/** Attempts in all, the first included (default 3). */
	maxAttempts?: number;
	/** Heartbeat and poll with setInterval (the server); tests drive the runner by hand instead. */
	realTimers?: boolean;
	/** Where the runner's own messages go (default console). */
	log?: (line: string) => void;
}

interface ActiveRun {
	controller: AbortController;
	done: Promise<JobRun | undefined>;
	lease?: RunLease;
}

export class JobRunner {
	readonly instanceId: string;
	readonly clock: Clock;
	private readonly db: Kysely<Database>;
	private readonly jobs = new Map<string, JobDefinition<any>>();
	private readonly active = new Map<number, ActiveRun>();
	private readonly abandonAfterMs: number;
	private readonly maxAttempts: number;
	private stopping = false;
	private pollTimer?: ReturnType<typeof setInterval>;
	private beatTimer?: ReturnType<typeof setInterval>;
	private polling = false;
	private readonly stopController = new AbortController();
	private readonly presence?: Presence;
	private readonly recorder: EndRecorder;
	private readonly batches: BatchWork;

	constructor(private readonly o: RunnerOptions) {
		this.db = o.db;
		this.clock = o.clock ?? systemClock;
		this.instanceId = o.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
		this.abandonAfterMs = o.abandonAfterMs ?? 90_000;
		this.maxAttempts = o.maxAttempts ?? 3;
		if (o.presence) this.presence = new Presence(o.db);
		for (const j of o.jobs) this.jobs.set(j.name, j);
		this.recorder = new EndRecorder((l) => this.say(l));
		this.batches = new BatchWork({
			db: o.db,
			instanceId: this.instanceId,
			clock: this.clock,
			staleAfterMs: this.abandonAfterMs,
			realTimers: !!o.realTimers,
			definition: (name) => this.jobs.get(name),
			batchedJobs: () => [...this.jobs.values()].filter((j) => j.processBatch).map((j) => j.name)
		});
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

	/** Queues a run (enqueue.ts); null when the job is already queued or running, or the scheduled tick already has its run. */
	async enqueue(jobName: string, e: EnqueueOptions): Promise<number | null> {
		return enqueueRun(this.db, this.definitions(), jobName, e, this.clock.now());
	}

	/** Marks runs of dead instances abandoned and queues their retries (from their checkpoints). */
	async reapAbandoned(): Promise<JobRun[]> {
		const lost = await reapAbandoned(this.db, {
			abandonAfterMs: this.abandonAfterMs,
			maxAttempts: this.maxAttempts,
			now: this.clock.now(),
			endSessions: !!this.o.isolateRuns
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
	 * The heartbeat of everything this instance holds: its presence lock (taken again after a lost
	 * session), its runs (a run found taken away is stopped and its statement cancelled) and its
	 * batches. Every `heartbeatMs` with real timers; tests call it by hand.
	 */
	async heartbeat(): Promise<void> {
		await this.ownerLock();
		await Promise.all([
			...[...this.active.values()].map((a) => a.lease?.beat().catch(() => undefined)),
			this.batches.beat()
		]);
	}

	/**
	 * One pass: reap abandoned runs, claim every due queued run this instance may take, help
	 * other instances' batched runs. With `wait` (tests, CLI) resolves when the runs it started
	 * finish, with their final rows.
	 */
	async pollOnce(o: { wait?: boolean } = { wait: true }): Promise<JobRun[]> {
		if (this.stopping) return [];
		await this.recorder.flush();
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
		const helping = this.batches.assist(this.stopController.signal, (id) => this.active.has(id));
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

	/** Starts polling every `pollMs` (the server, the worker). */
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
		// A polling instance may hold batches it helps with and no run of its own: they need heartbeats too.
		this.startHeartbeats();
		void tick();
	}

	/** Graceful stop: running jobs are asked to checkpoint; their continuation is queued. */
	async stop(): Promise<void> {
		this.stopping = true;
		if (this.pollTimer) clearInterval(this.pollTimer);
		this.stopController.abort(new RunInterrupted('stopping'));
		for (const a of this.active.values()) a.controller.abort(new RunInterrupted('stopping'));
		await Promise.allSettled([...this.active.values()].map((a) => a.done));
		if (this.beatTimer) clearInterval(this.beatTimer);
		await this.recorder.flush().catch(() => undefined);
		await this.presence?.close();
	}

	isRunningHere(runId: number): boolean {
		return this.active.has(runId);
	}

	private execute(run: JobRun): Promise<JobRun | undefined> {
		const controller = new AbortController();
		const entry: ActiveRun = { controller, done: Promise.resolve(undefined) };
		this.active.set(run.id, entry);
		this.startHeartbeats();
		entry.done = executeRun(
			{
				db: this.db,
				instanceId: this.instanceId,
				clock: this.clock,
				maxAttempts: this.maxAttempts,
				isolate: !!this.o.isolateRuns,
				definition: (name) => this.jobs.get(name),
				batches: this.batches,
				recorder: this.recorder,
				say: (l) => this.say(l),
				onLease: (lease) => (entry.lease = lease)
			},
			run,
			controller
		).finally(() => this.active.delete(run.id));
		return entry.done;
	}

	private startHeartbeats(): void {
		if (!this.o.realTimers || this.beatTimer) return;
		this.beatTimer = setInterval(() => void this.heartbeat(), this.o.heartbeatMs ?? 15_000);
		this.beatTimer.unref?.();
	}
}
