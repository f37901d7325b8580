// One error type for the whole app: a string code, the HTTP status it maps to, and a
// Vietnamese message a user can act on. Domain code returns or throws AppError; routes map it
// with `fail(err.status, { message: err.message })`; the CLI prints the message on one line.
export const ERROR_TABLE = {
	NOT_FOUND: { status: 404, vi: 'Không tìm thấy dữ liệu yêu cầu.' },
	FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.' },
	UNAUTHENTICATED: { status: 401, vi: 'Vui lòng đăng nhập.' },
	INVALID_INPUT: { status: 400, vi: 'Dữ liệu nhập không hợp lệ.' },
	CONFLICT: { status: 409, vi: 'Dữ liệu đã tồn tại hoặc xung đột.' },
	RATE_LIMITED: { status: 429, vi: 'Quá nhiều lần thử. Vui lòng thử lại sau.' },
	DATABASE_UNAVAILABLE: { status: 503, vi: 'Không kết nối được cơ sở dữ liệu.' },
	MIGRATION_FAILED: { status: 500, vi: 'Cập nhật cấu trúc cơ sở dữ liệu thất bại.' },
	IMPORT_FAILED: { status: 400, vi: 'Nhập dữ liệu thất bại.' },
	JOB_FAILED: { status: 500, vi: 'Tác vụ thất bại.' },
	REPORT_FAILED: { status: 500, vi: 'Tạo báo cáo thất bại.' },
	INTERNAL: { status: 500, vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị viên.' }
} as const satisfies Record<string, { status: number; vi: string }>;

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
