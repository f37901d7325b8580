// expiry-scan: certificates expiring within the thresholds with no renewal request, expired ones
// still marked active, validity over five years; a digest per agency in the run log.
import { sql } from 'kysely';
import type { JobDefinition } from '../definition';
import { EXPIRY_SCAN } from '../catalogue';
import { syncFindings, sumCounts } from '../../server/findings/sync';
import { expiredStillActive, expiringSoon, validityTooLong } from '../scans/certificate-rules';
import { readSetting } from '../../server/settings/store';

export const expiryScan: JobDefinition<Record<string, never>> = {
	...EXPIRY_SCAN,
	async run(ctx) {
		const now = ctx.clock.now();
		const thresholds = await readSetting(ctx.db, 'jobs.expiry_thresholds');
		await ctx.progress(0, 3);
		let counts = await ctx.commit((trx) =>
			syncFindings(trx, { kinds: ['expiring_soon'], found: expiringSoon(now, thresholds), now })
		);
		await ctx.progress(1, 3);
		counts = sumCounts(
			counts,
			await ctx.commit((trx) =>
				syncFindings(trx, { kinds: ['expired_still_active'], found: expiredStillActive(now), now })
			)
		);
		await ctx.progress(2, 3);
		counts = sumCounts(
			counts,
			await ctx.commit((trx) =>
				syncFindings(trx, { kinds: ['validity_too_long'], found: validityTooLong(), now })
			)
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
