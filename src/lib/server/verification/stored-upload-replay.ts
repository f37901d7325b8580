// A stored upload verification (stored-uploads.ts) (i) shown again exactly as it was made — its files verified
// offline with only the material kept with it, at its validation time, under its policy and settings — (ii) set
// against a verification of the same files under today's material, and (iii) downloaded as a report (HTML or
// ETSI TS 119 102-2 XML) rendered from the stored report, audited. Nothing here stores a new verification.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import { compareReports, replayWithMaterial, type VerdictComparison } from '../../pki/evidence-replay';
import { renderVerificationReportHtml } from '../../pki/verification-report-html';
import { renderEtsiValidationReport } from '../../pki/etsi-validation-report';
import { reportFileName, type VerificationReportInput } from '../../pki/verification-report';
import { formatDateTime } from '../../time/vietnam';
import { APP_VERSION } from '../../version';
import { loadUploadEvidence } from './evidence';
import { createDbVerifier } from './sources';
import { getUploadVerification, uploadFiles, type StoredUpload, type UploadViewer } from './stored-uploads';

export interface UploadReplay {
	stored: StoredUpload;
	/** The verification made again from the kept material. */
	replayed: FileReport;
	/** True when the replay gives the stored verdict. */
	same: boolean;
}

export interface UploadThenAndNow extends UploadReplay {
	now: FileReport;
	nowAt: Date;
	comparison: VerdictComparison;
}

const options = (f: Awaited<ReturnType<typeof uploadFiles>>) =>
	f.content ? { detachedContent: f.content } : { fileName: f.fileName };

/** (i) The stored verification made again offline from its kept material. */
export async function replayUploadVerification(
	db: Kysely<Database>,
	viewer: UploadViewer,
	id: number
): Promise<UploadReplay> {
	const stored = await getUploadVerification(db, viewer, id);
	const material = await loadUploadEvidence(db, id);
	if (!material) throw new AppError('NOT_FOUND', 'Lần kiểm tra này không còn dữ liệu kiểm tra đi kèm.');
	const files = await uploadFiles(db, id);
	const replayed = await replayWithMaterial(files.bytes, material, options(files));
	return {
		stored,
		replayed,
		same:
			replayed.indication === stored.indication && (replayed.subIndication ?? null) === stored.subIndication
	};
}

/** (ii) The replay ("then") beside a verification of the same files under today's material ("now"). */
export async function compareUploadWithToday(
	db: Kysely<Database>,
	viewer: UploadViewer,
	id: number,
	now: Date = new Date()
): Promise<UploadThenAndNow> {
	const then = await replayUploadVerification(db, viewer, id);
	const files = await uploadFiles(db, id);
	const { verifier } = await createDbVerifier(db, { clock: () => now });
	const today = await verifier.verifyFile(files.bytes, {
		...options(files),
		validationTime: now,
		poeTime: then.stored.poeTime ?? undefined
	});
	return { ...then, now: today, nowAt: now, comparison: compareReports(then.replayed, today) };
}

export type ReportFormat = 'html' | 'xml';

/** (iii) The stored verification's report as it was made; reading it is audited. */
export async function uploadVerificationReport(
	db: Kysely<Database>,
	viewer: UploadViewer,
	id: number,
	format: ReportFormat,
	who: AuditWho,
	now = new Date()
): Promise<{ fileName: string; contentType: string; body: string }> {
	const v = await getUploadVerification(db, viewer, id);
	const input: VerificationReportInput = {
		document: {
			fileName: v.fileName,
			sha256: v.sha256,
			sizeBytes: v.sizeBytes,
			contentName: v.contentName
		},
		report: v.report,
		validationTime: v.validationTime.toISOString(),
		validationTimeChosen: v.validationTimeChosen,
		generatedAt: now.toISOString(),
		softwareVersion: APP_VERSION,
		context: `Lần kiểm tra đã lưu số ${v.id}, lúc ${formatDateTime(v.verifiedAt)}, do ${v.actor} thực hiện${v.origin === 'cli' ? ' bằng dòng lệnh' : ''}`
	};
	await recordAudit(db, {
		...who,
		action: 'signature.report_download',
		entityType: 'upload_verification',
		entityId: id,
		details: { format }
	});
	return {
		fileName: reportFileName(v.fileName, format),
		contentType: format === 'html' ? 'text/html; charset=utf-8' : 'application/xml; charset=utf-8',
		body: format === 'html' ? renderVerificationReportHtml(input) : renderEtsiValidationReport(input)
	};
}
