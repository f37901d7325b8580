// How an import ends when it cannot write: the file has errors (nothing is written), or the
// database moved since the preview the user confirmed (nothing is written, the preview is
// refreshed). Both carry the fresh preview so the page and the CLI can show every issue.
import { AppError } from '../../errors';
import { describeIssue } from './preview';
import type { ImportPreview } from './types';

export function importRefused(preview: ImportPreview): AppError {
	const first = preview.issues.find((i) => i.severity === 'error');
	const more = preview.errors > 1 ? ` (và ${preview.errors - 1} lỗi khác)` : '';
	return new AppError(
		'IMPORT_FAILED',
		`Tệp có ${preview.errors} lỗi; không ghi gì. ${first ? describeIssue(first) : ''}${more}`,
		{ preview }
	);
}

export function previewOutdated(preview: ImportPreview): AppError {
	return new AppError(
		'CONFLICT',
		'Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước; bản xem trước đã được cập nhật, hãy kiểm tra lại rồi áp dụng.',
		{ preview }
	);
}

export function previewOf(e: unknown): ImportPreview | null {
	return e instanceof AppError && e.details?.preview ? (e.details.preview as ImportPreview) : null;
}

/** Audit lists are capped: the file's hash identifies the rest. */
export function capped<T>(items: T[], cap = 1000): { items: T[]; total: number } {
	return { items: items.slice(0, cap), total: items.length };
}
