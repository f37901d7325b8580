// A stored verification of an archived document, (i) shown again exactly as it was made — the document verified
// offline with only the material kept with it, at its validation time, under its policy and settings
// (pki/evidence-replay.ts) — and (ii) set against a verification under today's material (the database's trust
// store, CRLs and settings now) for an inspector's "then" and "now". Neither stores a new verification.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { AppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import { compareReports, replayWithMaterial, type VerdictComparison } from '../../pki/evidence-replay';
import type { ValidationMaterial } from '../../pki/validation-material';
import { loadValidationEvidence } from '../verification/evidence';
import { createDbVerifier } from '../verification/sources';
import { contentBytes, getArchivedDocumentRow, type ArchiveRow } from './queries';

export interface EvidenceCounts {
	certificates: number;
	crls: number;
	ocsp: number;
	timestamps: number;
}

export interface ReplayedVerification {
	verificationId: number;
	verifiedAt: Date;
	/** The verdict stored when the verification was made. */
	stored: { indication: string; subIndication: string | null };
	/** The same verification made again from the kept material. */
	replayed: FileReport;
	/** True when the replay gives the stored verdict. */
	same: boolean;
	evidence: EvidenceCounts;
}

export interface ThenAndNow {
	then: ReplayedVerification;
	now: FileReport;
	nowAt: Date;
	comparison: VerdictComparison;
}

const NO_EVIDENCE = () =>
	new AppError(
		'NOT_FOUND',
		'Chưa có lần kiểm tra nào của văn bản này lưu kèm dữ liệu kiểm tra (chứng thư, CRL, OCSP); hãy bấm "Xác minh lại" trước.'
	);

async function documentOf(db: Kysely<Database>, scope: AgencyScope, id: number): Promise<ArchiveRow> {
	const doc = await getArchivedDocumentRow(db, scope, id);
	if (!doc)
		throw new AppError(
			'NOT_FOUND',
			'Không tìm thấy văn bản lưu trữ (hoặc văn bản không thuộc phạm vi của bạn).'
		);
	return doc;
}

/** The document's files as the verifier takes them: a detached signature with its content, or one file. */
async function filesOf(db: Kysely<Database>, doc: ArchiveRow) {
	const content = await contentBytes(db, doc.contentSha256);
	if (!content) throw new AppError('NOT_FOUND', 'Nội dung văn bản lưu trữ không còn trong cơ sở dữ liệu.');
	const signature = doc.signatureSha256 ? await contentBytes(db, doc.signatureSha256) : undefined;
	if (doc.signatureSha256 && !signature)
		throw new AppError('NOT_FOUND', 'Tệp chữ ký tách rời không còn trong cơ sở dữ liệu.');
	return signature
		? { bytes: signature, options: { detachedContent: content } }
		: { bytes: content, options: { fileName: doc.fileName } };
}

const counts = (m: ValidationMaterial): EvidenceCounts => ({
	certificates: m.items.filter((i) => i.kind === 'certificate').length,
	crls: m.items.filter((i) => i.kind === 'crl').length,
	ocsp: m.items.filter((i) => i.kind === 'ocsp').length,
	timestamps: m.items.filter((i) => i.kind === 'timestamp').length
});

/** The newest verification of the document that kept its material, or one given by id. */
async function verificationWithEvidence(db: Kysely<Database>, documentId: number, verificationId?: number) {
	let q = db
		.selectFrom('document_verifications')
		.select(['id', 'verified_at', 'indication', 'sub_indication'])
		.where('document_id', '=', documentId)
		.where('validation_settings', 'is not', null);
	if (verificationId !== undefined) q = q.where('id', '=', verificationId);
	return q.orderBy('verified_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

/** (i) A stored verification made again, offline, from its kept material: the verdict it gave then. */
export async function replayStoredVerification(
	db: Kysely<Database>,
	scope: AgencyScope,
	documentId: number,
	verificationId?: number
): Promise<ReplayedVerification> {
	const doc = await documentOf(db, scope, documentId);
	const row = await verificationWithEvidence(db, documentId, verificationId);
	if (!row) throw NO_EVIDENCE();
	const material = await loadValidationEvidence(db, row.id);
	if (!material) throw NO_EVIDENCE();
	const files = await filesOf(db, doc);
	const replayed = await replayWithMaterial(files.bytes, material, files.options);
	return {
		verificationId: row.id,
		verifiedAt: row.verified_at,
		stored: { indication: row.indication, subIndication: row.sub_indication },
		replayed,
		same: replayed.indication === row.indication && (replayed.subIndication ?? null) === row.sub_indication,
		evidence: counts(material)
	};
}

/** (ii) The stored verification replayed ("then") beside a verification under today's material ("now"). */
export async function compareWithToday(
	db: Kysely<Database>,
	scope: AgencyScope,
	documentId: number,
	now: Date = new Date()
): Promise<ThenAndNow> {
	const then = await replayStoredVerification(db, scope, documentId);
	const doc = await documentOf(db, scope, documentId);
	const files = await filesOf(db, doc);
	const { verifier } = await createDbVerifier(db, { clock: () => now });
	const today = await verifier.verifyFile(files.bytes, {
		...files.options,
		validationTime: now,
		poeTime: doc.receivedAt
	});
	return { then, now: today, nowAt: now, comparison: compareReports(then.replayed, today) };
}
