// The archive as users see it: scoped lists and details with the verification history, "Xác
// minh lại" on demand, downloads (each audited). Storing a document is in store.ts, the intake in
// intake.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser, AgencyScope } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import type { FileReport } from '../../pki/verifier';
import type { Indication } from '../../pki/verdicts';
import { createDbVerifier } from '../verification/sources';
import { contentBytes, getArchivedDocumentRow, verificationRows, type ArchiveRow } from './queries';
import { describeChange, verifyArchivedDocument, type StoredVerification } from './verification';

export { archiveDocument, type NewArchivedDocument } from './store';

export interface VerificationEntry {
	id: number;
	verifiedAt: Date;
	poeTime: Date | null;
	indication: Indication;
	subIndication: string | null;
	byJob: boolean;
	changes: string[];
	report: FileReport;
}

export async function getArchivedDocument(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<ArchiveRow | null> {
	return (await getArchivedDocumentRow(db, scope, id)) ?? null;
}

/** The document an action acts on: one outside the user's scope does not exist for them. */
async function existingDocument(db: Kysely<Database>, scope: AgencyScope, id: number): Promise<ArchiveRow> {
	const doc = await getArchivedDocument(db, scope, id);
	if (!doc)
		throw new AppError(
			'NOT_FOUND',
			'Không tìm thấy văn bản lưu trữ (hoặc văn bản không thuộc phạm vi của bạn).'
		);
	return doc;
}

/** Newest first, each with what changed since the verification before it. */
export async function verificationHistory(
	db: Kysely<Database>,
	documentId: number
): Promise<VerificationEntry[]> {
	const rows = await verificationRows(db, documentId);
	return rows.map((r, i) => {
		const prev = rows[i + 1];
		const snap = (x: typeof r) => ({
			indication: x.indication as Indication,
			subIndication: x.sub_indication,
			signerFingerprints: x.signer_fingerprints
		});
		return {
			id: r.id,
			verifiedAt: r.verified_at,
			poeTime: r.poe_time,
			indication: r.indication as Indication,
			subIndication: r.sub_indication,
			byJob: r.job_run_id !== null,
			changes: describeChange(prev ? snap(prev) : undefined, snap(r)),
			report: r.report as unknown as FileReport
		};
	});
}

export async function reverifyArchivedDocument(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	who: AuditWho,
	now = new Date()
): Promise<StoredVerification> {
	const doc = await existingDocument(db, user.scope, id);
	const { verifier } = await createDbVerifier(db, { clock: () => now });
	const result = await verifyArchivedDocument(db, verifier, doc, { now });
	await recordAudit(db, {
		...who,
		action: 'archive.reverify',
		entityType: 'archived_document',
		entityId: id,
		details: { indication: result.indication, subIndication: result.subIndication }
	});
	return result;
}

export async function downloadArchivedFile(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	part: 'content' | 'signature',
	who: AuditWho
): Promise<{ fileName: string; bytes: Uint8Array; contentType: string }> {
	const doc = await existingDocument(db, user.scope, id);
	const sha = part === 'signature' ? doc.signatureSha256 : doc.contentSha256;
	if (!sha) throw new AppError('NOT_FOUND', 'Văn bản này không có tệp chữ ký tách rời.');
	const bytes = await contentBytes(db, sha);
	if (!bytes) throw new AppError('NOT_FOUND', 'Nội dung văn bản không còn trong cơ sở dữ liệu.');
	await recordAudit(db, {
		...who,
		action: 'archive.download',
		entityType: 'archived_document',
		entityId: id,
		details: { part, sha256: sha, fileName: doc.fileName }
	});
	const isPdf = doc.format === 'pdf' && part === 'content';
	const fileName = part === 'signature' ? `${doc.fileName.replace(/\.p7s$/i, '')}.p7s` : doc.fileName;
	return {
		fileName,
		bytes,
		contentType: isPdf
			? 'application/pdf'
			: part === 'signature'
				? 'application/pkcs7-signature'
				: 'application/octet-stream'
	};
}
