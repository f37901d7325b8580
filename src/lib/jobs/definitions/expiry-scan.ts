// expiry-scan: certificates expiring within the thresholds with no renewal request, expired ones
// still marked active, validity over five years; a digest per agency in the run log.
import { sql } from 'kysely';
import { z } from 'zod';
import type { JobDefinition } from '../definition';
import { syncFindings, sumCounts } from '../../server/findings/sync';
import { expiredStillActive, expiringSoon, validityTooLong } from '../scans/certificate-rules';
import { readSetting } from '../../server/settings/store';

export const expiryScan: JobDefinition<Record<string, never>> = {
	name: 'expiry-scan',
	title: 'Quét chứng thư sắp hết hạn',
	description:
		'Chứng thư sắp hết hạn chưa có yêu cầu gia hạn, đã hết hạn vẫn ghi đang dùng, thời hạn quá 5 năm.',
	defaultCron: '0 1 * * *',
	catchUp: true,
	payloadSchema: z.object({}).strict(),
	async run(ctx) {
		const now = ctx.clock.now();
		const thresholds = await readSetting(ctx.db, 'jobs.expiry_thresholds');
		await ctx.progress(0, 3);
		let counts = await syncFindings(ctx.db, {
			kinds: ['expiring_soon'],
			found: expiringSoon(now, thresholds),
			now
		});
		await ctx.progress(1, 3);
		counts = sumCounts(
			counts,
			await syncFindings(ctx.db, { kinds: ['expired_still_active'], found: expiredStillActive(now), now })
		);
		await ctx.progress(2, 3);
		counts = sumCounts(
			counts,
			await syncFindings(ctx.db, { kinds: ['validity_too_long'], found: validityTooLong(), now })
		);
		await ctx.progress(3, 3);
		const digest = await ctx.db
			.selectFrom('findings as f')
			.leftJoin('agencies as a', 'a.id', 'f.agency_id')
			.select(['a.name', sql<number>`count(*)::int`.as('n')])
			.where('f.kind', 'in', ['expiring_soon', 'expired_still_active'])
			.where('f.status', '<>', 'resolved')
			.groupBy('a.name')
			.orderBy(sql`count(*)`, 'desc')
			.execute();
		for (const d of digest)
			await ctx.log.info(`${d.name ?? '(chưa gắn cơ quan)'}: ${d.n} chứng thư sắp/đã hết hạn cần xử lý.`);
		return { ...counts };
	}
};
