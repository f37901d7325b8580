// What a job is: its catalogue entry (name, schedule, payload schema; catalogue.ts) and a handler
// `run(ctx)`. The context gives the database, a logger, progress reporting, an AbortSignal
// (SIGTERM, lost run), the clock, the run's checkpoint, shared batches and `commit`, the one way a
// job writes its results: a transaction that commits only while this instance still owns the run.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../server/db/schema';
import type { Clock } from './clock';
import type { JobMeta } from './catalogue';

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
	 * batches), then processes them with `processBatch`, sharing them with other instances through
	 * FOR UPDATE SKIP LOCKED. Resolves to the summed counts of all batches.
	 */
	run<B>(plan: () => Promise<B[]>): Promise<JobCounts>;
}

export type Write<T> = (trx: Transaction<Database>) => Promise<T>;

export interface JobContext<P = unknown> {
	/**
	 * For reads. On PostgreSQL it is the run's own session, named for the run: when the run is lost
	 * (another instance marked it abandoned) its statements are cancelled.
	 */
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
	/**
	 * Runs `write` in one transaction that commits only if this instance still owns the run when it
	 * ends (the fencing check is the last statement, on the run's row): an owner that froze, was
	 * replaced and woke up commits nothing and stops with RunInterrupted('lost'). `checkpoint`
	 * (from the write's result) is saved in the same transaction, so a retry resumes exactly after
	 * the work committed. Inside `write`, use `trx` only: a query on ctx.db would wait for the
	 * transaction it is part of.
	 */
	commit<T>(write: Write<T>, o?: { checkpoint?: (result: T) => unknown }): Promise<T>;
}

export interface BatchContext<P = unknown> extends JobContext<P> {
	/**
	 * Writes the batch's results and marks it done with its counts in one transaction, only while
	 * this instance still holds the batch's lease (a batch whose holder went silent is handed to
	 * another; the first holder's late completion is refused with BatchTakenOver). In a batch,
	 * `commit` is fenced by the batch's lease too.
	 */
	complete(write: Write<JobCounts>): Promise<JobCounts>;
}

export interface JobDefinition<P = unknown> extends JobMeta<P> {
	run(ctx: JobContext<P>): Promise<JobCounts>;
	/** For batched jobs: processes one batch planned by `ctx.batches.run` (on any instance). */
	processBatch?(ctx: BatchContext<P>, batch: unknown): Promise<JobCounts>;
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

/** Thrown when a batch's lease passed to another instance: its work is theirs now. */
export class BatchTakenOver extends Error {
	constructor(batchNo: number) {
		super(`Lô ${batchNo} đã được giao cho máy chủ khác (máy chủ này im lặng quá lâu).`);
		this.name = 'BatchTakenOver';
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
