// Why an intake of a signed document is refused, in Vietnamese for the upload page and in both
// languages for the API (AppError's details carry the API's code and the English message, which
// src/lib/server/api/app-error.ts puts into the one JSON error body).
import { AppError, type ErrorCode } from '../../errors';

export interface RefusalDetails extends Record<string, unknown> {
	apiCode: string;
	messageEn: string;
	field?: string;
}

function refusal(
	code: ErrorCode,
	apiCode: string,
	vi: string,
	en: string,
	field?: string
): AppError & { details: RefusalDetails } {
	return new AppError(code, vi, { apiCode, messageEn: en, ...(field ? { field } : {}) }) as AppError & {
		details: RefusalDetails;
	};
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export const INTAKE_REFUSALS = {
	noFile: () =>
		refusal(
			'INVALID_INPUT',
			'FILE_REQUIRED',
			'Chọn tệp đã ký (PDF, .p7m hoặc .p7s).',
			'Send the signed file (PDF, .p7m or .p7s) in the part "file".',
			'file'
		),
	tooLarge: (max: number) =>
		refusal(
			'INVALID_INPUT',
			'FILE_TOO_LARGE',
			`Tệp lớn hơn ${mb(max)}.`,
			`The files are larger than ${mb(max)}.`,
			'file'
		),
	notSigned: (name: string, reason: string) =>
		refusal(
			'INVALID_INPUT',
			'NOT_A_SIGNED_FILE',
			`Tệp "${name}" không phải PDF hay chữ ký CMS (.p7m/.p7s): ${reason}.`,
			`The file "${name}" is neither a PDF nor a CMS signature (.p7m/.p7s): ${reason}.`,
			'file'
		),
	noSignature: (name: string) =>
		refusal(
			'INVALID_INPUT',
			'NO_SIGNATURE',
			`Tệp "${name}" không có chữ ký số nào: kho lưu trữ chỉ nhận văn bản đã ký.`,
			`The file "${name}" carries no digital signature: the archive takes signed documents only.`,
			'file'
		),
	contentRequired: (name: string) =>
		refusal(
			'INVALID_INPUT',
			'CONTENT_REQUIRED',
			`"${name}" là chữ ký tách rời (.p7s): gửi kèm tệp nội dung đã được ký.`,
			`"${name}" is a detached signature (.p7s): send the signed content too, in the part "content".`,
			'content'
		),
	contentNotExpected: (name: string) =>
		refusal(
			'INVALID_INPUT',
			'CONTENT_NOT_EXPECTED',
			`"${name}" đã chứa nội dung được ký (PDF hoặc .p7m): không gửi kèm tệp nội dung.`,
			`"${name}" already holds its signed content (PDF or .p7m): send no "content" part.`,
			'content'
		),
	unknownAgency: (code: string) =>
		refusal(
			'INVALID_INPUT',
			'UNKNOWN_AGENCY',
			`Không có cơ quan mã "${code}".`,
			`There is no agency with code "${code}".`,
			'agency'
		),
	outOfScope: (code: string) =>
		refusal(
			'FORBIDDEN',
			'OUT_OF_SCOPE',
			`Cơ quan "${code}" không thuộc phạm vi được phép: chỉ được gửi văn bản của các cơ quan trong phạm vi của mình.`,
			`The agency "${code}" is outside your scope: you may file documents of your own agencies only.`,
			'agency'
		),
	futureTime: () =>
		refusal(
			'INVALID_INPUT',
			'TIME_IN_FUTURE',
			'Thời điểm nhận/ban hành không thể ở tương lai.',
			'The received or issued time cannot lie in the future.',
			'received_or_issued_at'
		),
	sourceIdTaken: (sourceSystem: string, sourceId: string) =>
		refusal(
			'CONFLICT',
			'SOURCE_ID_CONFLICT',
			`Mã "${sourceId}" của hệ thống "${sourceSystem}" đã dùng cho một văn bản khác (nội dung khác): không ghi đè văn bản đã lưu trữ.`,
			`The source id "${sourceId}" of "${sourceSystem}" already belongs to a document with different bytes: an archived document is never replaced.`,
			'source_id'
		),
	sourceSystemMismatch: (keySystem: string) =>
		refusal(
			'INVALID_INPUT',
			'SOURCE_SYSTEM_MISMATCH',
			`Khóa API này thuộc hệ thống "${keySystem}": không gửi source_system khác.`,
			`This API key belongs to the source system "${keySystem}": do not send another source_system.`,
			'source_system'
		)
} as const;

export function refusalDetails(e: AppError): RefusalDetails | null {
	const d = e.details as Partial<RefusalDetails> | undefined;
	return d && typeof d.apiCode === 'string' && typeof d.messageEn === 'string' ? (d as RefusalDetails) : null;
}
