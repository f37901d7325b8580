// Lifecycle requests: agency officers file them for their own agency; Sở KH&CN staff accept a
// valid request (which starts the working-day clock), approve, reject with a written reason, and
// complete, which changes the inventory (completion.ts). Token recovery must be settled within 01
// working day (Điều 11.2), counted from the request's submission.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { inScope } from '../scope';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { loadWorkingCalendar } from '../calendar/load';
import { readSetting } from '../settings/store';
import { applyCompletion, completionSchema, type CompletionInput } from './completion';
import { getRequestRow, type RequestDetailRow } from './queries';
import { resolvePerson } from '../pickers/resolve';
import {
	ISSUE_SUBSCRIBERS,
	REQUEST_KINDS,
	requiredRequestFields,
	type RequestKind,
	type RequestStatus
} from '../../domain/requests';
import { viLabel } from '../../i18n/values';
import { INT4_MAX } from '../http/query-values';

const FORMS: Record<Exclude<RequestKind, 'issue'>, string> = {
	renew: 'Mẫu 04',
	change: 'Mẫu 04',
	revoke: 'Mẫu 05',
	recover: 'Mẫu 06'
};
/** A new issuance: Mẫu 01 for a person, Mẫu 02 for an agency (Decree 68 Art. 10). */
const ISSUE_FORMS = { individual: 'Mẫu 01', organisation: 'Mẫu 02' } as const;

export type RequestDecision = 'accept' | 'approve' | 'reject' | 'complete' | 'cancel';
const TRANSITIONS: Record<RequestDecision, { from: RequestStatus[]; to: RequestStatus }> = {
	accept: { from: ['submitted'], to: 'in_progress' },
	approve: { from: ['in_progress'], to: 'approved' },
	reject: { from: ['submitted', 'in_progress'], to: 'rejected' },
	complete: { from: ['in_progress', 'approved'], to: 'completed' },
	cancel: { from: ['submitted', 'in_progress'], to: 'cancelled' }
};
const STAFF_ONLY: RequestDecision[] = ['accept', 'approve', 'reject', 'complete'];

export const createRequestSchema = z.object({
	kind: z.enum(REQUEST_KINDS, { errorMap: () => ({ message: 'Chọn loại yêu cầu.' }) }),
	agencyId: z.coerce
		.number({ invalid_type_error: 'Chọn cơ quan.' })
		.int()
		.positive('Chọn cơ quan.')
		.max(INT4_MAX, 'Chọn cơ quan.'),
	/** A new issuance's subscriber; other kinds ignore it. */
	subscriber: z.enum(ISSUE_SUBSCRIBERS).optional().default('individual'),
	/** The person a new issuance is for: a picked value ("Name (#12)") or a name typed in full. */
	person: z.string().trim().max(300).optional().default(''),
	certificate: z.string().trim().max(200).optional().default(''),
	tokenSerial: z.string().trim().max(100).optional().default(''),
	referenceNumber: z.string().trim().max(100).optional().default('')
});
export type CreateRequestInput = z.input<typeof createRequestSchema>;

/** Working days from a valid request to the decision (setting requests.due_working_days); null: no limit. */
export async function dueWorkingDays(db: Kysely<Database>, kind: RequestKind): Promise<number | null> {
	return (await readSetting(db, 'requests.due_working_days'))[kind];
}

/** When a request valid at `validAt` is due: the end of its last working day, or null. */
export async function computeDueAt(
	db: Kysely<Database>,
	kind: RequestKind,
	validAt: Date
): Promise<Date | null> {
	const days = await dueWorkingDays(db, kind);
	if (days === null) return null;
	return (await loadWorkingCalendar(db)).deadline(validAt, days);
}

const isStaff = (u: AuthUser) => u.roles.includes('admin') || u.roles.includes('inspector');

export async function getRequest(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	now = new Date()
): Promise<RequestDetailRow | null> {
	return (await getRequestRow(db, user.scope, id, now)) ?? null;
}

/** The request a decision acts on: one the user cannot see does not exist for them. */
const REQUEST_NOT_FOUND = 'Không tìm thấy yêu cầu (hoặc yêu cầu không thuộc phạm vi của bạn).';

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, { field });

/**
 * Files a request for an agency of the user's scope. What the kind requires must be named
 * (requiredRequestFields): the refusal says which field is missing, on `details.field`.
 */
export async function createRequest(
	db: Kysely<Database>,
	user: AuthUser,
	raw: CreateRequestInput,
	who: AuditWho,
	now = new Date()
): Promise<number> {
	const parsed = createRequestSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw invalid(String(issue?.path[0] ?? ''), issue?.message ?? 'Dữ liệu không hợp lệ.');
	}
	const input = parsed.data;
	const agency = await db
		.selectFrom('agencies')
		.select('id')
		.where('id', '=', input.agencyId)
		.where(({ ref }) => inScope(user.scope, ref('id')))
		.executeTakeFirst();
	if (!agency)
		throw new AppError('FORBIDDEN', 'Bạn chỉ được gửi yêu cầu cho cơ quan thuộc phạm vi của mình.');
	const kindName = viLabel('requestKind', input.kind).toLowerCase();
	const required = requiredRequestFields(input.kind, input.subscriber);
	if (input.kind === 'issue' && input.certificate)
		throw invalid(
			'certificate',
			'Yêu cầu cấp mới chưa có chứng thư: để trống ô chứng thư (chứng thư được gắn khi Ban Cơ yếu cấp).'
		);
	if (input.kind === 'issue' && input.subscriber === 'organisation' && input.person)
		throw invalid(
			'person',
			'Chứng thư của cơ quan, tổ chức (Mẫu 02) cấp cho chính cơ quan: để trống ô người được cấp.'
		);
	if (required.includes('person') && !input.person)
		throw invalid('person', 'Yêu cầu cấp mới cho cá nhân (Mẫu 01) phải ghi người được cấp chứng thư.');
	if (required.includes('certificate') && !input.certificate)
		throw invalid(
			'certificate',
			`Yêu cầu ${kindName} (${FORMS[input.kind as Exclude<RequestKind, 'issue'>]}) phải ghi chứng thư: số hiệu hoặc dấu vân tay SHA-256.`
		);
	if (required.includes('device') && !input.tokenSerial && !input.certificate)
		throw invalid(
			'tokenSerial',
			'Yêu cầu khôi phục (Mẫu 06) cần số sê-ri thiết bị hoặc chứng thư trên thiết bị đó.'
		);

	let personId: number | null = null;
	if (input.person) {
		const person = await resolvePerson(
			db,
			user.scope,
			input.agencyId,
			input.person,
			'person',
			'người được cấp'
		);
		if (input.kind === 'issue' && person.status !== 'active')
			throw invalid(
				'person',
				`${person.full_name} đang ở tình trạng "${viLabel('personStatus', person.status)}": không thể đề nghị cấp mới chứng thư.`
			);
		personId = person.id;
	}
	let certificate: { id: number; person_id: number | null; token_id: number | null } | undefined;
	if (input.certificate) {
		const key = input.certificate.replace(/[:\s]/g, '').toLowerCase();
		certificate = await db
			.selectFrom('certificates')
			.select(['id', 'person_id', 'token_id'])
			.where((eb) => eb.or([eb('fingerprint_sha256', '=', key), eb('serial_number', '=', key)]))
			.where(({ ref }) => inScope(user.scope, ref('agency_id')))
			.executeTakeFirst();
		if (!certificate)
			throw invalid(
				'certificate',
				'Không tìm thấy chứng thư có số hiệu hoặc dấu vân tay này trong phạm vi của bạn.'
			);
		if (personId !== null && certificate.person_id !== null && certificate.person_id !== personId)
			throw invalid('person', 'Người đã ghi không phải người được cấp chứng thư đã chọn.');
	}
	let tokenId = certificate?.token_id ?? null;
	if (input.tokenSerial) {
		const token = await db
			.selectFrom('tokens as t')
			.innerJoin('token_holdings as h', 'h.token_id', 't.id')
			.select('t.id')
			.where('t.serial', '=', input.tokenSerial)
			.where(({ ref }) => inScope(user.scope, ref('h.holder_agency_id')))
			.executeTakeFirst();
		if (!token)
			throw invalid('tokenSerial', 'Không tìm thấy thiết bị lưu khóa có số sê-ri này trong phạm vi của bạn.');
		tokenId = token.id;
	}
	if (required.includes('device') && tokenId === null)
		throw invalid(
			'tokenSerial',
			'Chứng thư đã chọn không gắn với thiết bị lưu khóa nào: ghi số sê-ri thiết bị cần khôi phục.'
		);
	const form = input.kind === 'issue' ? ISSUE_FORMS[input.subscriber] : FORMS[input.kind];
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('lifecycle_requests')
			.values({
				kind: input.kind,
				form,
				agency_id: input.agencyId,
				person_id: certificate?.person_id ?? personId,
				certificate_id: certificate?.id ?? null,
				token_id: tokenId,
				reference_number: input.referenceNumber || null,
				submitted_at: now,
				status: 'submitted'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'request.create',
			entityType: 'lifecycle_request',
			entityId: row.id,
			details: { kind: input.kind, agencyId: input.agencyId, form, personId: personId ?? undefined }
		});
		return row.id;
	});
}

export async function decideRequest(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	decision: RequestDecision,
	reason: string,
	who: AuditWho,
	now = new Date(),
	completion: CompletionInput = completionSchema.parse({})
): Promise<void> {
	const row = await getRequest(db, user, id, now);
	if (!row) throw new AppError('NOT_FOUND', REQUEST_NOT_FOUND);
	if (STAFF_ONLY.includes(decision) && !isStaff(user))
		throw new AppError('FORBIDDEN', 'Chỉ Sở Khoa học và Công nghệ xử lý yêu cầu.');
	const t = TRANSITIONS[decision];
	if (!t.from.includes(row.status))
		throw new AppError('CONFLICT', 'Yêu cầu không ở trạng thái cho phép thao tác này.');
	const trimmed = reason.trim();
	if (decision === 'reject' && !trimmed)
		throw new AppError('INVALID_INPUT', 'Từ chối phải nêu rõ lý do (Điều 11.2).');
	const set: Partial<{
		status: RequestStatus;
		valid_at: Date;
		due_at: Date | null;
		decided_at: Date;
		reason: string;
	}> = { status: t.to };
	if (decision === 'accept') {
		set.valid_at = now;
		// A token's recovery counts from the submission (as deadline-watch does), the others from acceptance.
		set.due_at = await computeDueAt(db, row.kind, row.kind === 'recover' ? row.submittedAt : now);
	}
	if (decision === 'approve' || decision === 'reject' || (decision === 'complete' && !row.decidedAt))
		set.decided_at = now;
	if (trimmed) set.reason = trimmed;
	await db.transaction().execute(async (trx) => {
		const r = await trx
			.updateTable('lifecycle_requests')
			.set(set)
			.where('id', '=', id)
			.where('status', '=', row.status)
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) !== 1)
			throw new AppError('CONFLICT', 'Yêu cầu vừa được người khác xử lý; tải lại trang.');
		let outcome: Record<string, unknown> | undefined;
		if (decision === 'complete') {
			const facts = await trx
				.selectFrom('lifecycle_requests')
				.select(['id', 'kind', 'certificate_id', 'token_id', 'reference_number'])
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			outcome = { ...(await applyCompletion(trx, user, facts, completion, who, now)) };
			await trx
				.updateTable('lifecycle_requests')
				.set({ outcome: JSON.stringify(outcome) })
				.where('id', '=', id)
				.execute();
		}
		await recordAudit(trx, {
			...who,
			action: `request.${decision}`,
			entityType: 'lifecycle_request',
			entityId: id,
			details: { from: row.status, to: t.to, reason: trimmed || undefined, outcome }
		});
	});
}
