// expiry-scan: the inventory rules, each kind committed on its own: certificates expiring within the
// thresholds with no renewal request, expired ones still marked active, validity over five years or a
// renewal over three; what should have followed a change (revocation, change request, hand-over of
// the organisation's device) and the custody of the organisation certificate; a digest per agency in
// the run log.
import { sql, type RawBuilder } from 'kysely';
import type { JobDefinition } from '../definition';
import { EXPIRY_SCAN } from '../catalogue';
import { syncFindings, sumCounts } from '../../server/findings/sync';
import {
	expiredStillActive,
	expiringSoon,
	renewalBeyondLimit,
	validityTooLong
} from '../scans/certificate-rules';
import { changeRequestMissing, shouldHaveBeenRevoked } from '../scans/obligation-rules';
import {
	clerkChangeWithoutHandover,
	orgCertWithoutClerk,
	orgTokenNotWithClerk
} from '../scans/custody-rules';
import { readSettings } from '../../server/settings/store';
import type { FindingKind } from '../../domain/findings';

export const expiryScan: JobDefinition<Record<string, never>> = {
	...EXPIRY_SCAN,
	async run(ctx) {
		const now = ctx.clock.now();
		const settings = await readSettings(ctx.db, ['jobs.expiry_thresholds', 'jobs.obligation_rules']);
		const obligations = settings['jobs.obligation_rules'];
		const rules: [FindingKind, () => RawBuilder<unknown>][] = [
			['expiring_soon', () => expiringSoon(now, settings['jobs.expiry_thresholds'])],
			['expired_still_active', () => expiredStillActive(now)],
			['validity_too_long', () => validityTooLong()],
			['renewal_beyond_limit', () => renewalBeyondLimit()],
			['should_have_been_revoked', () => shouldHaveBeenRevoked(now, obligations)],
			['change_request_missing', () => changeRequestMissing(now, obligations)],
			['org_cert_without_clerk', () => orgCertWithoutClerk(now)],
			['org_token_not_with_clerk', () => orgTokenNotWithClerk(now)],
			['clerk_change_without_handover', () => clerkChangeWithoutHandover(now, obligations)]
		];
		let counts = { seen: 0, opened: 0, reopened: 0, resolved: 0 };
		await ctx.progress(0, rules.length);
		for (const [i, [kind, found]] of rules.entries()) {
			counts = sumCounts(
				counts,
				await ctx.commit((trx) => syncFindings(trx, { kinds: [kind], found: found(), now }))
			);
			await ctx.progress(i + 1, rules.length);
		}
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
