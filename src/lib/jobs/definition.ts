// What a job is: a name, a default schedule, a payload schema and a handler `run(ctx)`. The
// context gives the database, a logger, progress reporting, an AbortSignal (SIGTERM, lost
// run), the clock, the run's checkpoint and shared batches; the handler returns counts.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../server/db/schema';
import type { Clock } from './clock';

export type JobCounts = Record<string, number>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type RunTrigger = 'schedule' | 'manual' | 'cli' | 'retry' | 'catch_up';

export interface JobLogger {
	info(message: string): Promise<void>;
	warn(message: string): Promise<void>;
	error(message: string): Promise<void>;
	debug(message: string): Promise<void>;
}

export interface Checkpoint<T> {
	/** The state saved by this run or by the run it retries, or null on a fresh start. */
	load(): T | null;
	/** Saves progress; a retry after a crash or SIGTERM resumes from the last save. */
	save(state: T): Promise<void>;
}

export interface Batches {
	/**
	 * Splits the run's work into batches once (a resumed run keeps the plan and the finished
	 * batches), then processes them with `process`, sharing them with other instances through
	 * FOR UPDATE SKIP LOCKED. Resolves to the summed counts of all batches.
	 */
	run<B>(plan: () => Promise<B[]>): Promise<JobCounts>;
}

export interface JobContext<P = unknown> {
	db: Kysely<Database>;
	runId: number;
	trigger: RunTrigger;
	scheduledFor: Date | null;
	payload: P;
	log: JobLogger;
	progress(done: number, total: number | null): Promise<void>;
	signal: AbortSignal;
	clock: Clock;
	checkpoint: Checkpoint<unknown>;
	batches: Batches;
}

export interface JobDefinition<P = unknown> {
	name: string;
	/** Vietnamese title and one-line description for the UI and `job list`. */
	title: string;
	description: string;
	defaultCron: string;
	/** Catch up a tick missed while every instance was down (once, at start). */
	catchUp: boolean;
	payloadSchema: z.ZodType<P, z.ZodTypeDef, unknown>;
	run(ctx: JobContext<P>): Promise<JobCounts>;
	/** For batched jobs: processes one batch planned by `ctx.batches.run` (on any instance). */
	processBatch?(ctx: JobContext<P>, batch: unknown): Promise<JobCounts>;
}

/** Thrown inside a job when its run was taken away (abandoned) or the process is stopping. */
export class RunInterrupted extends Error {
	constructor(readonly reason: 'stopping' | 'lost') {
		super(
			reason === 'stopping'
				? 'Dừng do máy chủ tắt; sẽ tiếp tục từ điểm lưu.'
				: 'Phiên chạy đã bị đánh dấu bỏ dở.'
		);
		this.name = 'RunInterrupted';
	}
}

export function throwIfAborted(signal: AbortSignal): void {
	if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new RunInterrupted('stopping');
}

export function addCounts(a: JobCounts, b: JobCounts): JobCounts {
	const out = { ...a };
	for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
	return out;
}
