// audit-verify: walks the audit log's hash chain, sequence and HMACs every night. Intact: today's
// checkpoint (Vietnam day, the newest entry's sequence and hash) is kept, shown on the jobs page
// and printed in inspection reports, so a rewrite after a printed checkpoint shows on paper.
// Broken: a critical finding (Điều 3.4) says where, and the run fails so the jobs page shows it.
import { sql } from 'kysely';
import type { JobDefinition } from '../definition';
import { AUDIT_VERIFY } from '../catalogue';
import { FINDING_KINDS } from '../../domain/findings';
import { foundFromRows, syncFindings, type FoundFinding } from '../../server/findings/sync';
import { verifyAuditChain } from '../../server/audit/verify';
import { auditKey, entryMac } from '../../server/audit/audit-key';
import { formatDay, vietnamDay } from '../../time/vietnam';

export const auditVerify: JobDefinition<Record<string, never>> = {
	...AUDIT_VERIFY,
	async run(ctx) {
		const now = ctx.clock.now();
		const report = await verifyAuditChain(ctx.db);
		const found: FoundFinding[] = [];
		if (report.status === 'broken') {
			found.push({
				dedupe_key: `audit_log_tampered:${report.problem}:${report.entryId ?? 'none'}`,
				kind: 'audit_log_tampered',
				severity: FINDING_KINDS.audit_log_tampered.severity,
				legal_basis: FINDING_KINDS.audit_log_tampered.legalBasis,
				summary: `Nhật ký hệ thống không còn toàn vẹn: ${report.message}.`,
				agency_id: null,
				certificate_id: null,
				person_id: null,
				token_id: null,
				document_id: null,
				request_id: null,
				evidence: { problem: report.problem, entry_id: report.entryId, checked: report.checked }
			});
		}
		const counts = await ctx.commit((trx) =>
			syncFindings(trx, { kinds: ['audit_log_tampered'], found: foundFromRows(found), now })
		);
		if (report.status === 'broken') {
			await ctx.log.error(`Nhật ký bị can thiệp: ${report.message}`);
			throw new Error(`Nhật ký hệ thống không còn toàn vẹn: ${report.message}`);
		}
		if (report.lastSeq !== null && report.lastHash !== null) {
			const key = auditKey();
			const checkpoint = {
				seq: report.lastSeq,
				hash: report.lastHash,
				mac: key ? entryMac(key, report.lastSeq, report.lastHash) : null
			};
			const day = vietnamDay(now);
			await ctx.commit((trx) =>
				trx
					.insertInto('audit_checkpoints')
					.values({ day, ...checkpoint })
					.onConflict((oc) => oc.column('day').doUpdateSet({ ...checkpoint, created_at: sql`now()` }))
					.execute()
			);
			await ctx.log.info(
				`Điểm kiểm tra ${formatDay(day)}: mục số ${report.lastSeq}, mã băm ${report.lastHash}`
			);
		}
		if (!report.macChecked) await ctx.log.warn('Không có khóa HMAC: chưa kiểm tra mã xác thực của các mục.');
		return { checked: report.checked, ...counts };
	}
};
