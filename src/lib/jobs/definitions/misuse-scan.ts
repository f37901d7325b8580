// misuse-scan: every signing rule (Điều 3, 8, 17; NĐ 68 Art. 17, 31), set-based SQL in two
// groups, each committed with its checkpoint, so a stopped scan resumes with the group it was on;
// the checkpoint carries the counts so far, so a resumed run reports the whole scan.
import type { JobCounts, JobDefinition } from '../definition';
import { addCounts } from '../definition';
import { MISUSE_SCAN } from '../catalogue';
import { syncFindings } from '../../server/findings/sync';
import {
	CERTIFICATE_FIRST_KINDS,
	PASS_KINDS,
	burstSlots,
	certificateFirstRules,
	scanPassRules
} from '../scans/event-rules';
import { readSetting } from '../../server/settings/store';

type State = { done?: string[]; counts?: JobCounts };

export const misuseScan: JobDefinition<Record<string, never>> = {
	...MISUSE_SCAN,
	async run(ctx) {
		const now = ctx.clock.now();
		const settings = await readSetting(ctx.db, 'jobs.misuse_rules');
		const state = (ctx.checkpoint.load() ?? {}) as State;
		const done = new Set(state.done ?? []);
		const slots = done.has('events') ? 1 : await burstSlots(ctx.db, settings);
		const groups = [
			{ name: 'events', kinds: PASS_KINDS, found: () => scanPassRules(settings, slots) },
			{ name: 'certificates', kinds: CERTIFICATE_FIRST_KINDS, found: () => certificateFirstRules(now) }
		];
		let counts: JobCounts = state.counts ?? {};
		let i = 0;
		for (const g of groups) {
			i += 1;
			if (done.has(g.name)) continue;
			done.add(g.name);
			const before = counts;
			const c = await ctx.commit(
				(trx) => syncFindings(trx, { kinds: g.kinds, found: g.found(), now, workMem: '256MB' }),
				{ checkpoint: (found): State => ({ done: [...done], counts: addCounts(before, { ...found }) }) }
			);
			counts = addCounts(counts, { ...c });
			await ctx.progress(i, groups.length);
			await ctx.log.info(`Nhóm quy tắc "${g.name}": ${JSON.stringify(c)}`);
		}
		return counts;
	}
};
