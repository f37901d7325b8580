// What the people, clerk and delegation forms may send, checked once here so that the services,
// the pages and the tests refuse the same input with the same Vietnamese message, naming the field.
import { z } from 'zod';
import { INT4_MAX } from '../http/query-values';
import { AppError } from '../../errors';
import { parseDayInput } from '../../i18n/day-input';
import { PERSON_STATUSES } from '../../domain/organisation';

/** A day typed as dd/mm/yyyy or yyyy-mm-dd, strictly (30/02/2026 is refused): the one parser the forms share. */
export const parseDay = parseDayInput;

const day = (label: string) =>
	z.string({ required_error: `Nhập ${label}.` }).transform((v, ctx) => {
		if (!v.trim()) {
			ctx.addIssue({ code: 'custom', message: `Nhập ${label}.` });
			return z.NEVER;
		}
		const parsed = parseDay(v);
		if (!parsed) {
			ctx.addIssue({
				code: 'custom',
				message: `${label[0]!.toUpperCase()}${label.slice(1)} "${v.trim()}" không phải ngày hợp lệ (dd/mm/yyyy).`
			});
			return z.NEVER;
		}
		return parsed;
	});
const optionalDay = (label: string) =>
	z
		.string()
		.optional()
		.default('')
		.transform((v, ctx) => {
			if (!v.trim()) return null;
			const parsed = parseDay(v);
			if (!parsed) {
				ctx.addIssue({
					code: 'custom',
					message: `${label[0]!.toUpperCase()}${label.slice(1)} "${v.trim()}" không phải ngày hợp lệ (dd/mm/yyyy).`
				});
				return z.NEVER;
			}
			return parsed;
		});
const text = (label: string, max = 200) =>
	z
		.string({ required_error: `Nhập ${label}.` })
		.trim()
		.min(1, `Nhập ${label}.`)
		.max(max, `${label[0]!.toUpperCase()}${label.slice(1)} dài quá ${max} ký tự.`);
const optionalText = (max = 200) =>
	z
		.string()
		.trim()
		.max(max, `Dài quá ${max} ký tự.`)
		.optional()
		.default('')
		.transform((v) => v || null);
const id = (message: string) =>
	z.coerce.number({ invalid_type_error: message }).int(message).positive(message).max(INT4_MAX, message);
const optionalId = (message: string) =>
	z
		.string()
		.optional()
		.default('')
		.transform((v, ctx) => {
			if (!v.trim()) return null;
			const n = Number(v);
			if (!Number.isSafeInteger(n) || n <= 0) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return n;
		});

const email = z
	.string()
	.trim()
	.max(200, 'Thư điện tử dài quá 200 ký tự.')
	.optional()
	.default('')
	.refine((v) => !v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Địa chỉ thư điện tử không hợp lệ.')
	.transform((v) => v.toLowerCase() || null);
// Căn cước công dân: 12 digits; the older chứng minh nhân dân: 9.
const nationalId = z
	.string()
	.trim()
	.optional()
	.default('')
	.refine((v) => !v || /^(\d{9}|\d{12})$/.test(v), 'Số định danh (CCCD) gồm 12 chữ số (CMND cũ: 9 chữ số).')
	.transform((v) => v || null);

export const personDetailsSchema = z.object({
	fullName: text('họ và tên'),
	email,
	nationalId
});
export type PersonDetailsInput = z.infer<typeof personDetailsSchema>;

export const newPersonSchema = personDetailsSchema.extend({
	agencyId: id('Chọn cơ quan, đơn vị.'),
	title: text('chức danh'),
	startDate: day('ngày bắt đầu công tác'),
	decisionNumber: optionalText(100)
});
export type NewPersonInput = z.infer<typeof newPersonSchema>;

export const moveSchema = z.object({
	agencyId: id('Chọn cơ quan, đơn vị mới.'),
	title: optionalText(),
	date: day('ngày chuyển'),
	decisionNumber: optionalText(100)
});
export type MoveInput = z.infer<typeof moveSchema>;

export const titleChangeSchema = z.object({
	title: text('chức danh mới'),
	date: day('ngày nhận chức danh'),
	decisionNumber: optionalText(100)
});
export type TitleChangeInput = z.infer<typeof titleChangeSchema>;

export const statusChangeSchema = z.object({
	status: z.enum(PERSON_STATUSES, { errorMap: () => ({ message: 'Chọn trạng thái.' }) }),
	date: day('ngày có hiệu lực'),
	decisionNumber: optionalText(100),
	note: optionalText(500)
});
export type StatusChangeInput = z.infer<typeof statusChangeSchema>;

export const appointClerkSchema = z.object({
	personId: id('Chọn người được giao làm văn thư.'),
	appointedOn: day('ngày giao nhiệm vụ'),
	decisionNumber: text('số quyết định giao nhiệm vụ', 100)
});
export type AppointClerkInput = z.infer<typeof appointClerkSchema>;

export const endSchema = z.object({
	id: id('Không rõ bản ghi cần kết thúc.'),
	endedOn: day('ngày kết thúc')
});
export type EndInput = z.infer<typeof endSchema>;

export const delegationSchema = z.object({
	personId: id('Chọn người được ủy quyền.'),
	grantedByPersonId: optionalId('Người ủy quyền không hợp lệ.'),
	decisionNumber: text('số văn bản ủy quyền', 100),
	scope: text('phạm vi ủy quyền', 1000),
	validFrom: day('ngày bắt đầu ủy quyền'),
	validTo: optionalDay('ngày hết hạn ủy quyền')
});
export type DelegationInput = z.infer<typeof delegationSchema>;

/**
 * Parses form values with a schema; the first problem is an AppError whose details name the
 * field, so a form can mark it and keep what was typed.
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, values: Record<string, unknown>): z.infer<S> {
	const r = schema.safeParse(values);
	if (r.success) return r.data;
	const issue = r.error.issues[0]!;
	throw new AppError('INVALID_INPUT', issue.message, { field: String(issue.path[0] ?? '') });
}

/** A form's text fields as strings (files and repeated keys are not part of these forms). */
export function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
	return out;
}
