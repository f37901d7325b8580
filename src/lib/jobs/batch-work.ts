// Working through a run's batches: the owner plans them and takes batches until none is left,
// other instances help with the pending ones (assist), and every batch is processed under a lease
// (batches.ts). A batch's results and its completion commit together, only under the lease that
// was handed out; a holder whose lease passed to another instance commits nothing
// (BatchTakenOver) and the one that took it over does the batch once.
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import type { Clock } from './clock';
import {
	BatchTakenOver,
	RunInterrupted,
	throwIfAborted,
	type BatchContext,
	type JobContext,
	type JobCounts,
	type JobDefinition
} from './definition';
import { getRun, runLogger } from './run-history';
import {
	batchCounts,
	batchProgress,
	beatBatch,
	claimBatch,
	completeBatch,
	planBatches,
	releaseBatch,
	releaseStaleBatches,
	runsWithPendingBatches,
	type ClaimedBatch
} from './batches';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type BaseContext = Omit<JobContext<unknown>, 'commit'>;

export interface BatchWorkOptions {
	db: Kysely<Database>;
	instanceId: string;
	clock: Clock;
	/** A batch whose holder's heartbeat is older than this goes back to the pool. */
	staleAfterMs: number;
	realTimers: boolean;
	definition(name: string): JobDefinition<any> | undefined;
	batchedJobs(): string[];
}

export class BatchWork {
	/** Batches this instance holds now, kept alive by `beat`. */
	private readonly held = new Set<ClaimedBatch>();

	constructor(private readonly o: BatchWorkOptions) {}

	/** The heartbeat of every batch held here. */
	async beat(): Promise<void> {
		await Promise.all([...this.held].map((b) => beatBatch(this.o.db, b).catch(() => false)));
	}

	/** The owner's part: plan once (kept across retries by the checkpoint), then take batches until all are done. */
	async runAsOwner(
		ctx: JobContext<unknown>,
		def: JobDefinition<any>,
		plan: () => Promise<unknown[]>
	): Promise<JobCounts> {
		if (!def.processBatch) throw new Error(`job ${def.name} has no processBatch`);
		const { db } = this.o;
		const state = (ctx.checkpoint.load() ?? {}) as { batchSet?: number };
		let batchSet = state.batchSet;
		if (!batchSet) {
			batchSet = ctx.runId;
			await planBatches(db, batchSet, await plan());
			await ctx.checkpoint.save({ ...state, batchSet });
		} else {
			await ctx.log.info(`Tiếp tục các lô đã lập (bộ ${batchSet}).`);
		}
		for (;;) {
			throwIfAborted(ctx.signal);
			const b = await claimBatch(db, batchSet, this.o.instanceId);
			if (!b) {
				const p = await batchProgress(db, batchSet);
				if (p.running === 0) break;
				// Batches whose holder went silent go back to the pool; live holders finish theirs.
				await releaseStaleBatches(db, batchSet, { staleAfterMs: this.o.staleAfterMs });
				await ctx.progress(p.done, p.total);
				await sleep(this.o.realTimers ? 500 : 5);
				continue;
			}
			await this.processTolerant(ctx, def, b, ctx.db);
			const p = await batchProgress(db, batchSet);
			await ctx.progress(p.done, p.total);
		}
		return batchCounts(db, batchSet);
	}

	/** Helps other instances' batched runs: claims and processes their pending batches. */
	async assist(signal: AbortSignal, skip: (runId: number) => boolean): Promise<void> {
		const { db, clock, instanceId } = this.o;
		const runs = (await runsWithPendingBatches(db, this.o.batchedJobs())).filter((r) => !skip(r.id));
		for (const r of runs) {
			const def = this.o.definition(r.job_name);
			const run = await getRun(db, r.id);
			if (!def || !run) continue;
			const log = runLogger(db, r.id, clock, `[${instanceId}] `);
			const ctx: BaseContext = {
				db,
				runId: r.id,
				trigger: run.trigger,
				scheduledFor: run.scheduled_for,
				payload: def.payloadSchema.parse(run.payload ?? {}),
				clock,
				signal,
				log,
				progress: async () => throwIfAborted(signal),
				checkpoint: { load: () => run.checkpoint, save: async () => undefined },
				batches: { run: async () => ({}) }
			};
			try {
				for (;;) {
					if (signal.aborted) break;
					const b = await claimBatch(db, r.batch_set, instanceId);
					if (!b) break;
					await this.processTolerant(ctx, def, b, db);
				}
			} catch (e) {
				if (!(e instanceof RunInterrupted)) await log.error(`Lỗi khi xử lý lô: ${(e as Error).message}`);
			}
		}
	}

	/** Processes a batch; one taken over by another instance is theirs, and the loop goes on. */
	private async processTolerant(
		ctx: BaseContext,
		def: JobDefinition<any>,
		b: ClaimedBatch,
		session: Kysely<Database>
	): Promise<void> {
		try {
			await this.process(ctx, def, b, session);
		} catch (e) {
			if (!(e instanceof BatchTakenOver)) throw e;
			await ctx.log.warn(e.message);
		}
	}

	private async process(
		base: BaseContext,
		def: JobDefinition<any>,
		b: ClaimedBatch,
		session: Kysely<Database>
	): Promise<JobCounts> {
		const now = () => this.o.clock.now();
		let completed = false;
		const ctx: BatchContext<unknown> = {
			...base,
			commit: (write) =>
				session.transaction().execute(async (trx) => {
					const out = await write(trx);
					if (!(await beatBatch(trx, b))) throw new BatchTakenOver(b.batch_no);
					return out;
				}),
			complete: async (write) => {
				const counts = await session.transaction().execute(async (trx) => {
					const c = await write(trx);
					if (!(await completeBatch(trx, b, c, now()))) throw new BatchTakenOver(b.batch_no);
					return c;
				});
				completed = true;
				return counts;
			}
		};
		this.held.add(b);
		try {
			const counts = await def.processBatch!(ctx, b.payload);
			if (!completed && !(await completeBatch(this.o.db, b, counts, now())))
				throw new BatchTakenOver(b.batch_no);
			return counts;
		} catch (e) {
			// Failed here: another instance may take the batch at once rather than after its lease expires.
			if (!(e instanceof BatchTakenOver)) await releaseBatch(this.o.db, b).catch(() => false);
			throw e;
		} finally {
			this.held.delete(b);
		}
	}
}
