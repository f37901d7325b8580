// The upload-and-verify check (Điều 17.3: a clerk verifies an incoming document before accepting
// it): one signed file (PDF, .p7m, or .p7s with its content) verified against the database's
// trust anchors, inventory and CRLs. Bad input is a Vietnamese AppError, never an exception.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import { createDbVerifier, type VerifierSourceCounts } from './sources';

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
	now: Date = new Date()
): Promise<UploadVerification> {
	if (!file || file.bytes.byteLength === 0)
		throw new AppError('INVALID_INPUT', 'Chọn tệp đã ký (PDF, .p7m hoặc .p7s) để kiểm tra.');
	checkSize(file, 'Tệp');
	if (content && content.bytes.byteLength > 0) checkSize(content, 'Tệp nội dung');
	const detached = content && content.bytes.byteLength > 0 ? content : null;
	const { verifier, counts } = await createDbVerifier(db, { clock: () => now });
	const report = await verifier.verifyFile(file.bytes, {
		fileName: file.name,
		detachedContent: detached?.bytes,
		validationTime: now
	});
	return {
		fileName: file.name,
		contentName: detached?.name ?? null,
		sha256: createHash('sha256').update(file.bytes).digest('hex'),
		sizeBytes: file.bytes.byteLength,
		report,
		sources: counts
	};
}
