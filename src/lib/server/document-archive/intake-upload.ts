// The upload form of /luu-tru/nhap: an inspector (or administrator) files a signed document by
// hand. The form is read into the same input the API builds, and goes through the same intake.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import type { AuditWho } from '../audit/from-event';
import { AppError } from '../../errors';
import { INDICATIONS } from '../../pki/verdicts';
import { parseDateTimeInput } from '../../i18n/date-time-input';
import { intakeDocument, MANUAL_SOURCE_SYSTEM, type IntakeFile, type IntakeResult } from './intake';
import { INT4_MAX } from '../http/query-values';

/** The text fields of the form, as typed (kept on screen when the form is refused). */
export const INTAKE_TEXT_FIELDS = [
	'agency',
	'document_number',
	'direction',
	'received_at',
	'source_system',
	'source_id',
	'source_indication',
	'source_message'
] as const;
export type IntakeFormValues = Partial<Record<(typeof INTAKE_TEXT_FIELDS)[number], string>>;

const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`).default('');

const intakeFormSchema = z.object({
	agency: z.coerce
		.number({ invalid_type_error: 'Chọn cơ quan.' })
		.int()
		.positive('Chọn cơ quan.')
		.max(INT4_MAX, 'Chọn cơ quan.'),
	document_number: z.string().trim().min(1, 'Nhập số và ký hiệu văn bản.').max(100, 'Tối đa 100 ký tự.'),
	direction: z.enum(['incoming', 'outgoing'], {
		errorMap: () => ({ message: 'Chọn văn bản đến hoặc văn bản đi.' })
	}),
	received_at: z.string().trim().min(1, 'Nhập thời điểm nhận hoặc ban hành.'),
	source_system: text(100),
	source_id: text(200),
	source_indication: z.enum(['', ...INDICATIONS]).default(''),
	source_message: text(2000)
});

export function intakeFormValues(form: FormData): IntakeFormValues {
	const values: IntakeFormValues = {};
	for (const name of INTAKE_TEXT_FIELDS) {
		const v = form.get(name);
		if (typeof v === 'string') values[name] = v.slice(0, 2000);
	}
	return values;
}

async function fileField(form: FormData, name: string): Promise<IntakeFile | null> {
	const value = form.get(name);
	if (!(value instanceof File) || value.size === 0) return null;
	return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

const mayFile = (u: AuthUser) => u.roles.includes('admin') || u.roles.includes('inspector');

/** Files the uploaded document; refusals are AppErrors with a Vietnamese message (and `field`). */
export async function intakeUpload(
	db: Kysely<Database>,
	user: AuthUser,
	who: AuditWho,
	form: FormData,
	now: Date = new Date()
): Promise<IntakeResult> {
	if (!mayFile(user))
		throw new AppError('FORBIDDEN', 'Chỉ thanh tra và quản trị viên được tiếp nhận văn bản vào kho lưu trữ.');
	const parsed = intakeFormSchema.safeParse(intakeFormValues(form));
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new AppError('INVALID_INPUT', issue.message, { field: String(issue.path[0] ?? '') });
	}
	const f = parsed.data;
	const receivedAt = parseDateTimeInput(f.received_at);
	if (!receivedAt)
		throw new AppError(
			'INVALID_INPUT',
			`Thời điểm "${f.received_at}" không đúng dạng dd/mm/yyyy hh:mm hoặc không có thật.`,
			{ field: 'received_at' }
		);
	return intakeDocument(
		db,
		{
			file: await fileField(form, 'file'),
			content: await fileField(form, 'content'),
			agency: { id: f.agency },
			documentNumber: f.document_number,
			direction: f.direction,
			receivedAt,
			sourceSystem: f.source_system || MANUAL_SOURCE_SYSTEM,
			sourceId: f.source_id || null,
			sourceVerification: f.source_indication
				? { indication: f.source_indication, message: f.source_message || null }
				: null
		},
		{ origin: 'upload', scope: user.scope, apiKeyId: null, userId: user.id, who },
		now
	);
}
