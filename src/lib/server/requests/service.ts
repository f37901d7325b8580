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
import { REQUEST_KINDS, type RequestKind, type RequestStatus } from '../../domain/requests';

const FORMS: Record<RequestKind, string> = {
	issue: 'Mẫu 01/02',
	renew: 'Mẫu 04',
	change: 'Mẫu 04',
	revoke: 'Mẫu 05',
	recover: 'Mẫu 06'
};

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
	agencyId: z.coerce.number({ invalid_type_error: 'Chọn cơ quan.' }).int().positive('Chọn cơ quan.'),
	certificate: z.string().trim().max(200).optional().default(''),
	tokenSerial: z.string().trim().max(100).optional().default(''),
	referenceNumber: z.string().trim().max(100).optional().default('')
});
export type CreateRequestInput = z.infer<typeof createRequestSchema>;

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

export async function createRequest(
	db: Kysely<Database>,
	user: AuthUser,
	input: CreateRequestInput,
	who: AuditWho,
	now = new Date()
): Promise<number> {
	const agency = await db
		.selectFrom('agencies')
		.select('id')
		.where('id', '=', input.agencyId)
		.where(({ ref }) => inScope(user.scope, ref('id')))
		.executeTakeFirst();
	if (!agency)
		throw new AppError('FORBIDDEN', 'Bạn chỉ được gửi yêu cầu cho cơ quan thuộc phạm vi của mình.');
	let certificate: { id: number; person_id: number | null; token_id: number | null } | undefined;
	if (input.certificate) {
		const key = input.certificate.replace(/:/g, '').toLowerCase();
		certificate = await db
			.selectFrom('certificates')
			.select(['id', 'person_id', 'token_id'])
			.where((eb) => eb.or([eb('fingerprint_sha256', '=', key), eb('serial_number', '=', key)]))
			.where(({ ref }) => inScope(user.scope, ref('agency_id')))
			.executeTakeFirst();
		if (!certificate)
			throw new AppError(
				'INVALID_INPUT',
				'Không tìm thấy chứng thư có số hiệu hoặc dấu vân tay này trong phạm vi của bạn.'
			);
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
			throw new AppError(
				'INVALID_INPUT',
				'Không tìm thấy thiết bị lưu khóa có số sê-ri này trong phạm vi của bạn.'
			);
		tokenId = token.id;
	}
	if (input.kind === 'recover' && tokenId === null)
		throw new AppError(
			'INVALID_INPUT',
			'Yêu cầu khôi phục (Mẫu 06) cần số sê-ri thiết bị hoặc chứng thư trên thiết bị đó.'
		);
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('lifecycle_requests')
			.values({
				kind: input.kind,
				form: FORMS[input.kind],
				agency_id: input.agencyId,
				person_id: certificate?.person_id ?? null,
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
			details: { kind: input.kind, agencyId: input.agencyId }
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
