// The upload-and-verify check (Điều 17.3: a clerk verifies an incoming document before accepting
// it): one signed file (PDF, .p7m, or .p7s with its content) verified against the database's
// trust anchors, inventory and CRLs. Bad input is a Vietnamese AppError, never an exception.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import type { ValidationMaterial } from '../../pki/validation-material';
import { createDbVerifier, type VerifierSourceCounts } from './sources';
import { parseDateTimeInput } from '../../i18n/date-time-input';

/** Largest file (signed file and content each) the page accepts. */
export const MAX_VERIFY_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

export interface UploadVerification {
	fileName: string;
	contentName: string | null;
	sha256: string;
	sizeBytes: number;
	report: FileReport;
	sources: VerifierSourceCounts;
	/** The validation time used, ISO 8601, and whether the inspector chose it (else: the time of the check). */
	validationTime: string;
	validationTimeChosen: boolean;
}

/**
 * The page's "validation time" field (dd/MM/yyyy HH:mm in Vietnam time): null when left empty (now), an
 * INVALID_INPUT naming the problem when it is not a real time or lies in the future (no revocation data can
 * speak for a time to come).
 */
export function parseValidationTimeInput(text: string, now: Date): Date | null {
	const t = text.trim();
	if (!t) return null;
	const at = parseDateTimeInput(t);
	if (!at)
		throw new AppError(
			'INVALID_INPUT',
			`Thời điểm kiểm tra "${t}" không hợp lệ: cần dạng dd/MM/yyyy HH:mm (giờ Việt Nam), ví dụ 15/03/2026 09:30.`
		);
	if (at.getTime() > now.getTime() + 60_000)
		throw new AppError('INVALID_INPUT', 'Thời điểm kiểm tra không được ở tương lai.');
	return at;
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function checkSize(f: UploadedFile, what: string): void {
	if (f.bytes.byteLength > MAX_VERIFY_UPLOAD_BYTES)
		throw new AppError(
			'INVALID_INPUT',
			`${what} "${f.name}" quá lớn (${MB(f.bytes.byteLength)}); giới hạn là ${MB(MAX_VERIFY_UPLOAD_BYTES)}.`
		);
}

export async function verifyUploadedFile(
	db: Kysely<Database>,
	file: UploadedFile | null,
	content: UploadedFile | null,
	now: Date = new Date(),
	/** A validation time the inspector chose (default: now). */
	at: Date | null = null
): Promise<UploadVerification> {
	return (await verifyUploadedFileWithEvidence(db, file, content, now, at)).result;
}

/** The check, and the validation material it relied on (kept by stored-uploads.ts). */
export async function verifyUploadedFileWithEvidence(
	db: Kysely<Database>,
	file: UploadedFile | null,
	content: UploadedFile | null,
	now: Date = new Date(),
	at: Date | null = null,
	poeTime: Date | null = null
): Promise<{
	result: UploadVerification;
	material: ValidationMaterial;
	file: UploadedFile;
	content: UploadedFile | null;
}> {
	if (!file || file.bytes.byteLength === 0)
		throw new AppError('INVALID_INPUT', 'Chọn tệp đã ký (PDF, .p7m hoặc .p7s) để kiểm tra.');
	checkSize(file, 'Tệp');
	if (content && content.bytes.byteLength > 0) checkSize(content, 'Tệp nội dung');
	const detached = content && content.bytes.byteLength > 0 ? content : null;
	const validationTime = at ?? now;
	const { verifier, counts } = await createDbVerifier(db, { clock: () => validationTime });
	const { report, material } = await verifier.verifyFileWithEvidence(file.bytes, {
		fileName: file.name,
		detachedContent: detached?.bytes,
		validationTime,
		poeTime: poeTime ?? undefined
	});
	return {
		result: {
			fileName: file.name,
			contentName: detached?.name ?? null,
			sha256: createHash('sha256').update(file.bytes).digest('hex'),
			sizeBytes: file.bytes.byteLength,
			report,
			sources: counts,
			validationTime: validationTime.toISOString(),
			validationTimeChosen: at !== null
		},
		material,
		file,
		content: detached
	};
}
