// An archived document's stored verification as a downloadable report (/luu-tru/[id]/bao-cao): the
// verification's own report, facts and policy, as it was made (not re-run), rendered as HTML or as
// ETSI TS 119 102-2 XML. Reading one is audited like downloading the document.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import type { FileReport } from '../../pki/file-report';
import { renderVerificationReportHtml } from '../../pki/verification-report-html';
import { renderEtsiValidationReport } from '../../pki/etsi-validation-report';
import { reportFileName, type VerificationReportInput } from '../../pki/verification-report';
import { formatDateTime } from '../../time/vietnam';
import { APP_VERSION } from '../../version';
import { getArchivedDocument } from './service';
import { verificationRows } from './queries';

export type ReportFormat = 'html' | 'xml';

export interface RenderedReport {
	fileName: string;
	contentType: string;
	body: string;
}

/**
 * The report of verification `verificationId` of document `id` (the latest when null). A verification of
 * another document, or a document outside the user's scope, is NOT_FOUND.
 */
export async function archivedVerificationReport(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	verificationId: number | null,
	format: ReportFormat,
	who: AuditWho,
	now = new Date()
): Promise<RenderedReport> {
	const doc = await getArchivedDocument(db, user.scope, id);
	if (!doc) throw new AppError('NOT_FOUND', 'Không tìm thấy văn bản lưu trữ.');
	const rows = await verificationRows(db, id);
	const row = verificationId === null ? rows[0] : rows.find((r) => r.id === verificationId);
	if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy lần kiểm tra này của văn bản lưu trữ.');
	const input: VerificationReportInput = {
		document: {
			fileName: doc.fileName,
			sha256: doc.signatureSha256 ?? doc.contentSha256,
			sizeBytes: doc.signatureSha256 ? null : doc.sizeBytes,
			contentName: doc.signatureSha256 ? `nội dung SHA-256 ${doc.contentSha256}` : null
		},
		report: row.report as unknown as FileReport,
		validationTime: row.validation_time.toISOString(),
		validationTimeChosen: false,
		generatedAt: now.toISOString(),
		softwareVersion: APP_VERSION,
		context: `Văn bản lưu trữ số ${doc.id}${doc.documentNumber ? ` (${doc.documentNumber})` : ''}, lần kiểm tra lúc ${formatDateTime(row.verified_at)}${row.job_run_id !== null ? ' bởi tác vụ kiểm tra lại' : ''}${row.poe_time ? `; bằng chứng tồn tại (thời điểm lưu trữ) ${formatDateTime(row.poe_time)}` : ''}`
	};
	await recordAudit(db, {
		...who,
		action: 'archive.report_download',
		entityType: 'archived_document',
		entityId: id,
		details: { verificationId: row.id, format }
	});
	return {
		fileName: reportFileName(doc.fileName, format),
		contentType: format === 'html' ? 'text/html; charset=utf-8' : 'application/xml; charset=utf-8',
		body: format === 'html' ? renderVerificationReportHtml(input) : renderEtsiValidationReport(input)
	};
}
