// misuse-scan: every signing rule (Điều 3, 8, 17; NĐ 68 Art. 17, 31), set-based SQL in two
// groups with a checkpoint after each, so a stopped scan resumes with the group it was on.
import { z } from 'zod';
import type { JobDefinition } from '../definition';
import { syncFindings } from '../../server/findings/sync';
import {
	CERTIFICATE_FIRST_KINDS,
	PASS_KINDS,
	burstSlots,
	certificateFirstRules,
	scanPassRules
} from '../scans/event-rules';
import { readSetting } from '../../server/settings/store';

type State = { done?: string[] };

export const misuseScan: JobDefinition<Record<string, never>> = {
	name: 'misuse-scan',
	title: 'Quét sử dụng chữ ký sai quy định',
	description:
		'Chứng thư tổ chức không do văn thư dùng, sai chức danh, ký thay sai chứng thư, văn bản mật, dùng cho cơ quan khác, ký sau thu hồi/hết hạn/mất thiết bị, dấu hiệu bất thường.',
	defaultCron: '30 1 * * *',
	catchUp: true,
	payloadSchema: z.object({}).strict(),
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
		const counts: Record<string, number> = {};
		let i = 0;
		for (const g of groups) {
			i += 1;
			if (done.has(g.name)) continue;
			const c = await syncFindings(ctx.db, { kinds: g.kinds, found: g.found(), now, workMem: '256MB' });
			for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
			done.add(g.name);
			await ctx.checkpoint.save({ done: [...done] });
			await ctx.progress(i, groups.length);
			await ctx.log.info(`Nhóm quy tắc "${g.name}": ${JSON.stringify(c)}`);
		}
		return counts;
	}
};
