// One error type for the whole app: a string code, the HTTP status it maps to, and its message in
// Vietnamese (what a user reads) and English (the API's message_en, logs). Domain code throws
// AppError; routes answer with `refusal(e)` / `pageError(e)` from $lib/server/http/route-kit; the
// CLI prints the message on one line. A thrower passes its own message only when it names a value
// or a rule the generic one cannot (which field, which document). Every code here is used
// somewhere (tests/unit/errors/codes.test.ts): a code nobody throws is removed.
export const ERROR_TABLE = {
	NOT_FOUND: { status: 404, vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'Not found.' },
	FORBIDDEN: {
		status: 403,
		vi: 'Bạn không có quyền thực hiện thao tác này.',
		en: 'You may not do this.'
	},
	INVALID_INPUT: { status: 400, vi: 'Dữ liệu nhập không hợp lệ.', en: 'The request is not valid.' },
	CONFLICT: {
		status: 409,
		vi: 'Dữ liệu đã tồn tại hoặc xung đột.',
		en: 'The data already exists or conflicts with what is stored.'
	},
	/** Not thrown: the pipeline's answer when a request loses the database (db/outage-response.ts). */
	DATABASE_UNAVAILABLE: {
		status: 503,
		vi: 'Không kết nối được cơ sở dữ liệu.',
		en: 'The database is unavailable.'
	},
	MIGRATION_FAILED: {
		status: 500,
		vi: 'Cập nhật cấu trúc cơ sở dữ liệu thất bại.',
		en: 'The database schema update failed.'
	},
	IMPORT_FAILED: { status: 400, vi: 'Nhập dữ liệu thất bại.', en: 'The import failed.' },
	JOB_FAILED: { status: 500, vi: 'Tác vụ thất bại.', en: 'The job failed.' },
	INTERNAL: {
		status: 500,
		vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị viên.',
		en: 'Internal error.'
	}
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
	readonly code: ErrorCode;
	readonly status: number;
	readonly details?: Record<string, unknown>;

	/** `message` overrides the table's generic Vietnamese text with a specific one. */
	constructor(
		code: ErrorCode,
		message?: string,
		details?: Record<string, unknown>,
		options?: { cause?: unknown }
	) {
		super(message ?? ERROR_TABLE[code].vi, options);
		this.name = 'AppError';
		this.code = code;
		this.status = ERROR_TABLE[code].status;
		this.details = details;
	}
}

export function isAppError(e: unknown): e is AppError {
	return e instanceof AppError;
}

/** A user-facing message for anything thrown: AppError's own, a generic one otherwise. */
export function userMessage(e: unknown): string {
	return isAppError(e) ? e.message : ERROR_TABLE.INTERNAL.vi;
}
