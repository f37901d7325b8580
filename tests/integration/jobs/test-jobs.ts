// Small jobs for the runner tests: one that counts its executions in a settings row, one that
// works through items with checkpoints and can be made to hang mid-run (a crash stand-in), and
// a batched one.
import { sql } from 'kysely';
import { z } from 'zod';
import type { JobDefinition } from '../../../src/lib/jobs/definition';
import { throwIfAborted } from '../../../src/lib/jobs/definition';

export const counterJob: JobDefinition<Record<string, never>> = {
	name: 'test-counter',
	title: 'Đếm',
	description: 'test',
	defaultCron: '* * * * *',
	catchUp: true,
	payloadSchema: z.object({}).strict(),
	async run(ctx) {
		await sql`insert into settings (key, value) values ('test-counter', '1'::jsonb)
			on conflict (key) do update set value = to_jsonb((settings.value)::int + 1)`.execute(ctx.db);
		return { ticks: 1 };
	}
};

/**
 * Processes items 0..total-1, saving a checkpoint after each; `hang` makes it wait at that item
 * until released. `hangs` lists the items it is (or was) waiting at, so that a test acts only once
 * the job is really parked there (and not still writing the previous item's progress).
 */
export function stepJob(o: {
	total: number;
	hang?: { at: number; release: Promise<void> };
}): JobDefinition<Record<string, never>> & { processed: number[]; hangs: number[] } {
	const processed: number[] = [];
	const hangs: number[] = [];
	return {
		name: 'test-steps',
		title: 'Bước',
		description: 'test',
		defaultCron: '0 0 1 1 *',
		catchUp: false,
		payloadSchema: z.object({}).strict(),
		processed,
		hangs,
		async run(ctx) {
			const start = (ctx.checkpoint.load() as { next?: number } | null)?.next ?? 0;
			for (let i = start; i < o.total; i++) {
				throwIfAborted(ctx.signal);
				if (o.hang && i === o.hang.at && ctx.trigger !== 'retry') {
					hangs.push(i);
					await o.hang.release;
				}
				await ctx.checkpoint.save({ next: i + 1 });
				processed.push(i);
				await ctx.progress(i + 1, o.total);
			}
			return { items: o.total - start };
		}
	};
}
