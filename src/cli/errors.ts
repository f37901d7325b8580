// One Vietnamese line for the errors an operator meets most: a database not migrated yet, a
// PostgreSQL that cannot be reached. The driver's English text would not tell them what to do.
import { isAppError } from '../lib/errors';

interface DriverError {
	code?: unknown;
	message?: unknown;
	address?: unknown;
	port?: unknown;
}

export function describeCliError(e: unknown): string {
	if (isAppError(e)) return e.message;
	const err = (typeof e === 'object' && e !== null ? e : {}) as DriverError;
	const message = typeof err.message === 'string' ? err.message : String(e);
	switch (err.code) {
		case '42P01': // undefined_table
		case '42703': // undefined_column
			return `cơ sở dữ liệu chưa có cấu trúc mới nhất (${message}); chạy "kiem-ky migrate" trước`;
		case '3D000': // invalid_catalog_name
			return `không có cơ sở dữ liệu trong DATABASE_URL (${message}); tạo nó trước, ví dụ bằng createdb`;
		case '28P01':
		case '28000':
			return `PostgreSQL từ chối đăng nhập (${message}); kiểm tra người dùng và mật khẩu trong DATABASE_URL`;
		case 'ECONNREFUSED':
		case 'ENOTFOUND':
		case 'ETIMEDOUT': {
			const where = typeof err.address === 'string' ? ` ${err.address}:${String(err.port ?? '')}` : '';
			return `không kết nối được PostgreSQL${where} (${String(err.code)}); kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu`;
		}
		default:
			return message;
	}
}
