// The schedules: stored in job_schedules (an admin edits them), fired by node-cron in
// Asia/Ho_Chi_Minh. A firing only queues the tick's run (one row per (job, tick) across all
// instances); the runner executes it. At start, a tick missed while every instance was down is
// caught up once (per job, when catch_up is set). A tick counts as fired only once its row exists:
// one due while the database refused connections is fired again at the next minute's reload.
import cron, { type ScheduledTask } from 'node-cron';
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';
import type { JobRunner } from './runner';
import { previousTick } from './cron-times';
import { ensureSchedules, tickExists, type ScheduleRow } from './schedules';

export const SCHEDULE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export class Scheduler {
	private schedules = new Map<string, ScheduleRow>();
	private readonly lastFired = new Map<string, number>();
	private tasks: ScheduledTask[] = [];
	private reloadTimer?: ReturnType<typeof setInterval>;
	private readonly startedAt: Date;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly runner: JobRunner
	) {
		this.startedAt = runner.clock.now();
	}

	async load(): Promise<ScheduleRow[]> {
		const rows = await ensureSchedules(this.db, this.runner.definitions(), this.runner.clock.now());
		const known = new Set(this.runner.definitions().map((d) => d.name));
		this.schedules = new Map(rows.filter((r) => known.has(r.job_name)).map((r) => [r.job_name, r]));
		return [...this.schedules.values()];
	}

	/**
	 * Queues the latest due tick of each enabled job not fired yet by this instance; returns the
	 * run ids it inserted. Throws (after trying every job) when a tick could not be queued; that
	 * tick stays unfired and the next call tries it again.
	 */
	async fireDue(only?: string): Promise<number[]> {
		const now = this.runner.clock.now();
		const inserted: number[] = [];
		let failure: unknown;
		for (const s of this.schedules.values()) {
			if (!s.enabled || (only && s.job_name !== only)) continue;
			const tick = previousTick(s.cron, now);
			if (!tick) continue;
			// Ticks before this instance started are catchUp's; ticks before the schedule was last
			// edited never existed.
			const last = Math.max(
				this.lastFired.get(s.job_name) ?? this.startedAt.getTime(),
				s.updated_at.getTime()
			);
			if (tick.getTime() <= last) continue;
			try {
				const id = await this.runner.enqueue(s.job_name, { trigger: 'schedule', scheduledFor: tick });
				// Fired: our row, another instance's row for the tick, or a queued or running run of the job that covers it.
				this.lastFired.set(s.job_name, tick.getTime());
				if (id !== null) inserted.push(id);
			} catch (e) {
				failure ??= e;
			}
		}
		if (failure !== undefined) throw failure;
		return inserted;
	}

	/** Queues, once, the latest tick of each catch-up job that no instance ran (ticks before the schedule was set do not count). */
	async catchUp(): Promise<number[]> {
		const now = this.runner.clock.now();
		const inserted: number[] = [];
		for (const s of this.schedules.values()) {
			if (!s.enabled || !s.catch_up) continue;
			const tick = previousTick(s.cron, now);
			if (!tick || tick <= s.updated_at) continue;
			if (await tickExists(this.db, s.job_name, tick)) continue;
			const id = await this.runner.enqueue(s.job_name, { trigger: 'catch_up', scheduledFor: tick });
			if (id !== null) inserted.push(id);
		}
		return inserted;
	}

	/** Starts node-cron timers for the loaded schedules and re-reads them every minute (an admin may edit them). */
	async start(): Promise<void> {
		await this.load();
		await this.catchUp();
		this.arm();
		this.reloadTimer = setInterval(() => void this.reloadIfChanged(), 60_000);
		this.reloadTimer.unref?.();
	}

	private arm(): void {
		for (const t of this.tasks) void t.destroy();
		this.tasks = [];
		for (const s of this.schedules.values()) {
			if (!s.enabled) continue;
			const task = cron.schedule(s.cron, () => this.fireFromTimer(s.job_name), {
				timezone: SCHEDULE_TIME_ZONE,
				name: `kiem-ky:${s.job_name}`,
				noOverlap: true
			});
			this.tasks.push(task);
		}
	}

	private async fireFromTimer(jobName: string): Promise<void> {
		try {
			await this.fireDue(jobName);
		} catch (e) {
			console.error(`[kiem-ky jobs] tick of ${jobName} not queued yet: ${(e as Error).message}`);
		}
	}

	/** Every minute: re-reads the schedules, and queues the ticks that could not be queued when due. */
	private async reloadIfChanged(): Promise<void> {
		try {
			const before = JSON.stringify([...this.schedules.values()]);
			await this.load();
			if (JSON.stringify([...this.schedules.values()]) !== before) this.arm();
			await this.fireDue();
		} catch {
			// The database may be briefly unreachable; the next reload tries again.
		}
	}

	async stop(): Promise<void> {
		if (this.reloadTimer) clearInterval(this.reloadTimer);
		for (const t of this.tasks) await t.destroy();
		this.tasks = [];
	}
}
