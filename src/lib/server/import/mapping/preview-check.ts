// The errors of the first rows, shown before anything is imported: each record checked against
// eventRowSchema (with Vietnamese messages), its signing time against the accepted window, and its
// key against the rows before it (a key repeated inside the file). Nothing is read from or written
// to the database: certificates, people and agencies are resolved by the import itself.
import { z } from 'zod';
import type { RawEventRecord } from '../ingest-types';
import { eventRowSchema, signedAtWindow } from '../events';
import { FIELD_LABELS, isEventField } from '../../../import/event-fields';

const label = (path: (string | number)[]) => {
	const f = path[0];
	return isEventField(f) ? FIELD_LABELS[f].vi : path.join('.');
};

// zod's own messages are English; a message the schema gives itself wins.
const viErrors: z.ZodErrorMap = (issue, ctx) => {
	if (ctx.defaultError !== z.defaultErrorMap(issue, ctx).message) return { message: ctx.defaultError };
	if (issue.code === z.ZodIssueCode.invalid_type) {
		if (issue.received === 'undefined' || issue.received === 'null') return { message: 'thiếu giá trị' };
		return { message: `kiểu dữ liệu không hợp lệ (cần ${issue.expected})` };
	}
	if (issue.code === z.ZodIssueCode.invalid_enum_value)
		return { message: `phải là một trong: ${issue.options.join(', ')}` };
	return { message: 'giá trị không hợp lệ' };
};

const vnDate = (d: Date) => d.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The Vietnamese problems of each record (empty when it would pass the schema), in order. */
export function checkPreviewRecords(records: readonly RawEventRecord[], now = new Date()): string[][] {
	const window = signedAtWindow(process.env, now);
	const seen = new Map<string, number>();
	return records.map((r) => {
		if (r.problem) return [r.problem.messageVi];
		const parsed = eventRowSchema.safeParse(r.values, { errorMap: viErrors });
		if (!parsed.success)
			return parsed.error.issues.map((i) => (i.path.length ? `${label(i.path)}: ${i.message}` : i.message));
		const { signed_at: at, source_system, source_id } = parsed.data;
		if (at < window.earliest || at > window.latest)
			return [
				`${FIELD_LABELS.signed_at.vi}: ${vnDate(at)} nằm ngoài khoảng cho phép (${vnDate(window.earliest)} đến ${vnDate(window.latest)})`
			];
		const key = JSON.stringify([source_system, source_id, at.getTime()]);
		const first = seen.get(key);
		if (first !== undefined)
			return [`trùng với dòng ${first} (cùng hệ thống nguồn, mã bản ghi, thời điểm ký)`];
		seen.set(key, r.line);
		return [];
	});
}
