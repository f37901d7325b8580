// What the agency forms (and the import, and tests) may pass to the agency services, checked once
// here: the code as the stable key, names, kinds, references to other agencies and the effective
// day. A bad value becomes a field error in Vietnamese; the services check what needs the database.
import { z } from 'zod';
import { AppError } from '../../errors';
import { parseDayInput } from '../../i18n/day-input';
import { AGENCY_KINDS } from '../../domain/organisation';

export const MERGE_MODES = ['units', 'absorbed'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

/** Letters without diacritics, digits, '.', '_' and '-'; 2 to 32 characters; stored upper case. */
export const AGENCY_CODE = /^[A-Z0-9][A-Z0-9._-]{1,31}$/;

export type FieldErrors = Record<string, string>;

/** An INVALID_INPUT error naming the fields at fault (the first message is the error's own). */
export function invalidFields(fields: FieldErrors): AppError {
	return new AppError('INVALID_INPUT', Object.values(fields)[0], { fields });
}

/** The field errors an error carries (empty for errors that are not about one field). */
export function fieldErrorsOf(e: AppError): FieldErrors {
	const fields = e.details?.fields;
	return fields && typeof fields === 'object' ? (fields as FieldErrors) : {};
}

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const requiredText = (message: string, max: number) =>
	z
		.string({ required_error: message, invalid_type_error: message })
		.trim()
		.min(1, message)
		.max(max, `Tối đa ${max} ký tự.`);

const optionalText = (max: number) =>
	z.preprocess(
		blankToNull,
		z
			.string()
			.trim()
			.max(max, `Tối đa ${max} ký tự.`)
			.nullish()
			.transform((v) => v ?? null)
	);

const code = z
	.string({ required_error: 'Nhập mã cơ quan.', invalid_type_error: 'Nhập mã cơ quan.' })
	.trim()
	.min(1, 'Nhập mã cơ quan.')
	.transform((s) => s.toUpperCase())
	.pipe(
		z
			.string()
			.regex(
				AGENCY_CODE,
				'Mã cơ quan gồm 2–32 ký tự: chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.'
			)
	);

const effectiveOn = z
	.string({
		required_error: 'Nhập ngày hiệu lực (dd/MM/yyyy).',
		invalid_type_error: 'Nhập ngày hiệu lực (dd/MM/yyyy).'
	})
	.trim()
	.min(1, 'Nhập ngày hiệu lực (dd/MM/yyyy).')
	.transform((v, ctx) => {
		const day = parseDayInput(v);
		if (day) return day;
		ctx.addIssue({
			code: 'custom',
			message: `Ngày hiệu lực "${v}" không có thật hoặc sai dạng: nhập theo dạng dd/MM/yyyy, ví dụ 01/07/2025.`
		});
		return z.NEVER;
	});

/** An agency referred to by id (from a select) or by code (import, CLI); both empty means none. */
const agencyId = z.preprocess(
	blankToNull,
	z.coerce
		.number({ invalid_type_error: 'Cơ quan đã chọn không hợp lệ.' })
		.int('Cơ quan đã chọn không hợp lệ.')
		.positive('Cơ quan đã chọn không hợp lệ.')
		.nullish()
		.transform((v) => v ?? null)
);
const agencyCode = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.max(32, 'Mã cơ quan tối đa 32 ký tự.')
		.nullish()
		.transform((v) => (v ? v.toUpperCase() : null))
);

const common = { effectiveOn, decisionNumber: optionalText(100) };

export const createAgencySchema = z.object({
	code,
	name: requiredText('Nhập tên cơ quan, đơn vị.', 300),
	shortName: optionalText(100),
	kind: z.enum(AGENCY_KINDS, { errorMap: () => ({ message: 'Chọn loại cơ quan, đơn vị.' }) }),
	parentId: agencyId,
	parentCode: agencyCode,
	...common
});

export const renameAgencySchema = z.object({
	name: requiredText('Nhập tên mới của cơ quan, đơn vị.', 300),
	shortName: optionalText(100),
	...common
});

export const moveAgencySchema = z.object({ parentId: agencyId, parentCode: agencyCode, ...common });

export const mergeAgencySchema = z.object({
	targetId: agencyId,
	targetCode: agencyCode,
	mode: z.enum(MERGE_MODES, { errorMap: () => ({ message: 'Chọn cách sáp nhập.' }) }),
	movePeople: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()),
	...common
});

export const dissolveAgencySchema = z.object(common);

/**
 * What callers pass: any values (form fields are strings, an import passes what its cells hold);
 * the schema is the contract, and a wrong value is a field error, not a type error at the caller.
 */
type Loose<S extends z.ZodTypeAny> = { [K in keyof z.input<S>]?: unknown };
export type CreateAgencyInput = Loose<typeof createAgencySchema>;
export type RenameAgencyInput = Loose<typeof renameAgencySchema>;
export type MoveAgencyInput = Loose<typeof moveAgencySchema>;
export type MergeAgencyInput = Loose<typeof mergeAgencySchema>;
export type DissolveAgencyInput = Loose<typeof dissolveAgencySchema>;

/** The parsed value, or an INVALID_INPUT error with the first message of each field at fault. */
export function parseAgencyInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
	const r = schema.safeParse(input);
	if (r.success) return r.data;
	const fields: FieldErrors = {};
	for (const issue of r.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		fields[key] ??= issue.message;
	}
	throw invalidFields(fields);
}
