// Re-verification of archived documents with the document system's received time as proof of
// existence (Điều 13.6): a signature that was valid when the archive received the document stays
// valid after the certificate expires, and every result is kept so a worsening verdict shows.
// The archive-reverify job calls verifyArchivedDocument with one verifier for a whole sweep.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Verifier, FileReport } from '../../pki/verifier';
import type { Indication } from '../../pki/verdicts';
import { AppError } from '../../errors';
import type { ValidationMaterial } from '../../pki/validation-material';
import { storeValidationEvidence } from '../verification/evidence';
import { contentBytes } from './queries';

export interface ArchivedDocumentRef {
	id: number;
	format: 'pdf' | 'cms';
	fileName: string;
	contentSha256: string;
	signatureSha256: string | null;
	receivedAt: Date;
}

export interface StoredVerification {
	id: number;
	indication: Indication;
	subIndication: string | null;
	report: FileReport;
}

/** Verifies one archived document now and stores the result as a new document_verifications row. */
export async function verifyArchivedDocument(
	db: Kysely<Database>,
	verifier: Verifier,
	doc: ArchivedDocumentRef,
	options: { now?: Date; jobRunId?: number | null } = {}
): Promise<StoredVerification> {
	const now = options.now ?? new Date();
	const content = await contentBytes(db, doc.contentSha256);
	if (!content) throw new AppError('NOT_FOUND', 'Nội dung văn bản lưu trữ không còn trong cơ sở dữ liệu.');
	// A detached CMS keeps the signature (.p7s) apart from the content; PDFs and .p7m are one file.
	const signature = doc.signatureSha256 ? await contentBytes(db, doc.signatureSha256) : undefined;
	if (doc.signatureSha256 && !signature)
		throw new AppError('NOT_FOUND', 'Tệp chữ ký tách rời không còn trong cơ sở dữ liệu.');
	// No file name with a .p7s: the stored name is the content's (often .pdf), which the verifier would
	// take for a PDF.
	const { report, material } = signature
		? await verifier.verifyFileWithEvidence(signature, {
				detachedContent: content,
				validationTime: now,
				poeTime: doc.receivedAt
			})
		: await verifier.verifyFileWithEvidence(content, {
				fileName: doc.fileName,
				validationTime: now,
				poeTime: doc.receivedAt
			});
	const id = await storeVerification(db, doc.id, report, {
		now,
		poeTime: doc.receivedAt,
		jobRunId: options.jobRunId,
		material
	});
	return { id, indication: report.indication, subIndication: report.subIndication, report };
}

/**
 * Keeps one verification result of an archived document as a new document_verifications row, with the validation
 * material it relied on when given (call inside a transaction when the two must stand or fall together).
 */
export async function storeVerification(
	db: Kysely<Database>,
	documentId: number,
	report: FileReport,
	o: { now: Date; poeTime: Date; jobRunId?: number | null; material?: ValidationMaterial }
): Promise<number> {
	const signers = report.signatures.map((s) => s.signer?.fingerprint).filter((f): f is string => !!f);
	const row = await db
		.insertInto('document_verifications')
		.values({
			document_id: documentId,
			verified_at: o.now,
			validation_time: o.now,
			poe_time: o.poeTime,
			indication: report.indication,
			sub_indication: report.subIndication,
			signer_fingerprints: signers,
			report: JSON.stringify(report),
			job_run_id: o.jobRunId ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (o.material) await storeValidationEvidence(db, row.id, o.material);
	return row.id;
}

const RANK: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** True when `current` is a worse indication than `previous` (for findings and the history view). */
export function isWorse(previous: Indication, current: Indication): boolean {
	return RANK[current] > RANK[previous];
}

export interface VerificationSnapshot {
	indication: Indication;
	subIndication: string | null;
	signerFingerprints: string[];
}

/** What changed from one verification to the next, in Vietnamese, for the history table. */
export function describeChange(
	previous: VerificationSnapshot | undefined,
	current: VerificationSnapshot
): string[] {
	if (!previous) return ['Lần kiểm tra đầu tiên'];
	const changes: string[] = [];
	if (previous.indication !== current.indication)
		changes.push(
			`${isWorse(previous.indication, current.indication) ? 'Xấu đi' : 'Tốt lên'}: ${previous.indication} → ${current.indication}`
		);
	if ((previous.subIndication ?? '') !== (current.subIndication ?? ''))
		changes.push(`Chỉ dẫn phụ: ${previous.subIndication ?? '—'} → ${current.subIndication ?? '—'}`);
	const before = [...previous.signerFingerprints].sort().join();
	const after = [...current.signerFingerprints].sort().join();
	if (before !== after) changes.push('Tập chứng thư người ký thay đổi');
	return changes.length ? changes : ['Không thay đổi'];
}
