// Custody of key devices recorded by hand: add a device to an agency's store, then issue, hand
// over (Mẫu 07), lock, lose (Mẫu 09), recover, return to the CA (Mẫu 08) or mark it damaged. Each
// event is one transaction that checks the transition against the device's current state (derived
// from the events, custody-state.ts), writes the event and the audit entry with the state before
// and after. Administrators and inspectors record for every device; an agency officer only for
// devices of their agency's subtree.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { INT4_MAX, zId } from '../http/query-values';
import type { Database } from '../db/schema';
import type { AgencyScope, AuthUser } from '../auth/roles';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import { formatDateTime, vietnamDay } from '../../time/vietnam';
import { viLabel } from '../../i18n/values';
import { vi as words } from '../../i18n/messages/custody';
import { DEVICE_KINDS } from '../../domain/devices';
import {
	ALLOWED_FROM,
	NEEDS_RECIPIENT,
	RECORDED_EVENTS,
	holdingOf,
	type Holding,
	type RecordedEvent
} from './custody-state';
import { postOnDay } from './custody-people';
import { dayOrText } from '../../i18n/day-input';
import { parseDateTimeInput } from '../../i18n/date-time-input';

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), zId().optional());
const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`).default('');

export const custodyInputSchema = z.object({
	event: z.enum(RECORDED_EVENTS, { errorMap: () => ({ message: 'Chọn sự việc cần ghi nhận.' }) }),
	/** 'YYYY-MM-DDTHH:MM', Vietnam time (an <input type="datetime-local">). */
	occurredAt: z.string().trim(),
	toPersonId: optionalId,
	otherAgency: z.boolean().default(false),
	reason: text(1000),
	recordNumber: text(100),
	note: text(1000)
});
export type CustodyInput = z.infer<typeof custodyInputSchema>;

export const newDeviceSchema = z.object({
	serial: z.string().trim().min(1, 'Nhập số sê-ri thiết bị.').max(100, 'Tối đa 100 ký tự.'),
	kind: z.enum(DEVICE_KINDS, { errorMap: () => ({ message: 'Chọn loại thiết bị.' }) }),
	model: text(200),
	agencyId: z.coerce
		.number({ invalid_type_error: 'Chọn cơ quan.' })
		.int()
		.positive('Chọn cơ quan.')
		.max(INT4_MAX, 'Chọn cơ quan.'),
	/** The day the agency received it, typed dd/MM/yyyy (read as 'YYYY-MM-DD'); empty for today. Later events cannot predate it. */
	receivedOn: z.preprocess(dayOrText, text(10))
});
export type NewDeviceInput = z.infer<typeof newDeviceSchema>;

/** The record each event is written on (Decree 68 forms). */
const FORM: Partial<Record<RecordedEvent, string>> = {
	handed_over: 'Mẫu 07',
	lost: 'Mẫu 09',
	recovered: 'Mẫu 06',
	returned_to_ca: 'Mẫu 08'
};
const NEEDS_RECORD_NUMBER: readonly RecordedEvent[] = ['handed_over', 'lost', 'returned_to_ca'];
const NEEDS_REASON: readonly RecordedEvent[] = ['handed_over', 'lost'];

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, { field });
const isStaff = (u: AuthUser) => u.roles.includes('admin') || u.roles.includes('inspector');

/** 'YYYY-MM-DDTHH:MM' (a datetime-local field) in Vietnam time as an instant; null when it is not a real date and time. */
export function parseVietnamDateTime(value: string): Date | null {
	// dd/MM/yyyy HH:mm as the form shows it, or the yyyy-MM-ddTHH:mm of programs and older pages.
	return parseDateTimeInput(value);
}

const NOT_IN_SCOPE = () =>
	new AppError('NOT_FOUND', 'Không tìm thấy thiết bị (hoặc thiết bị không thuộc phạm vi của bạn).');

/** An officer acts only inside their agency's subtree; a device out of scope reads as missing. */
async function assertMayRecord(
	db: Kysely<Database>,
	user: AuthUser,
	agencyId: number | null,
	outOfScope = NOT_IN_SCOPE
): Promise<void> {
	if (isStaff(user)) return;
	if (!user.roles.includes('agency_officer') || user.scope.kind !== 'subtree')
		throw new AppError('FORBIDDEN', 'Bạn không có quyền ghi nhận bàn giao, quản lý thiết bị.');
	const inside =
		agencyId !== null &&
		(await db
			.selectFrom('agencies')
			.select('id')
			.where('id', '=', agencyId)
			.where('path', 'like', `${user.scope.path}%`)
			.executeTakeFirst());
	if (!inside) throw outOfScope();
}

/** A new device in an agency's store ('received', at the start of the day received): the agency is where it belongs until issued. */
export async function createDevice(
	db: Kysely<Database>,
	user: AuthUser,
	input: NewDeviceInput,
	who: AuditWho,
	now = new Date()
): Promise<number> {
	await assertMayRecord(db, user, input.agencyId, () =>
		invalid('agencyId', 'Chỉ thêm được thiết bị cho cơ quan thuộc phạm vi của bạn.')
	);
	const agency = await db
		.selectFrom('agencies')
		.select('id')
		.where('id', '=', input.agencyId)
		.executeTakeFirst();
	if (!agency) throw invalid('agencyId', 'Không tìm thấy cơ quan.');
	const receivedAt = parseVietnamDateTime(`${input.receivedOn || vietnamDay(now)}T00:00`);
	if (!receivedAt) throw invalid('receivedOn', 'Nhập ngày nhận thiết bị hợp lệ.');
	if (receivedAt > now) throw invalid('receivedOn', 'Ngày nhận thiết bị không được ở tương lai.');
	return db.transaction().execute(async (trx) => {
		const taken = await trx
			.selectFrom('tokens')
			.select('id')
			.where('serial', '=', input.serial)
			.executeTakeFirst();
		if (taken) throw invalid('serial', `Đã có thiết bị số sê-ri ${input.serial}.`);
		const token = await trx
			.insertInto('tokens')
			.values({ serial: input.serial, device_type: input.kind, model: input.model || null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('token_custody_events')
			.values({
				token_id: token.id,
				event: 'received',
				occurred_at: receivedAt,
				agency_id: input.agencyId,
				recorded_by: user.username,
				recorded_at: now,
				note: 'Tiếp nhận thiết bị vào kho của cơ quan'
			})
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'token.create',
			entityType: 'token',
			entityId: token.id,
			details: {
				serial: input.serial,
				kind: input.kind,
				model: input.model || null,
				agencyId: input.agencyId,
				receivedAt: receivedAt.toISOString()
			}
		});
		return token.id;
	});
}

/** Records one custody event on a device; returns the event's id. */
export async function recordCustodyEvent(
	db: Kysely<Database>,
	user: AuthUser,
	tokenId: number,
	input: CustodyInput,
	who: AuditWho,
	now = new Date()
): Promise<number> {
	const at = parseVietnamDateTime(input.occurredAt);
	if (!at) throw invalid('occurredAt', 'Nhập ngày và giờ xảy ra hợp lệ.');
	if (at.getTime() > now.getTime() + 5 * 60_000)
		throw invalid('occurredAt', 'Thời điểm xảy ra không được ở tương lai.');
	if (NEEDS_RECORD_NUMBER.includes(input.event) && !input.recordNumber)
		throw invalid('recordNumber', `Nhập số biên bản (${FORM[input.event]}).`);
	if (NEEDS_REASON.includes(input.event) && !input.reason)
		throw invalid(
			'reason',
			input.event === 'lost' ? 'Nêu hoàn cảnh mất thiết bị (Mẫu 09).' : 'Nêu lý do bàn giao (Mẫu 07).'
		);
	return db.transaction().execute(async (trx) => {
		// One recording at a time per device, so two users cannot both hand over the same token.
		const locked = await sql`select id from tokens where id = ${tokenId} for update`.execute(trx);
		const before = locked.rows.length ? await holdingOf(trx, tokenId) : null;
		if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy thiết bị.');
		await assertMayRecord(trx, user, before.holder_agency_id);
		return writeEvent(trx, user, tokenId, before, input, at, who);
	});
}

/**
 * Writes an event the caller has authorised for this device, inside the caller's transaction (the
 * request completion uses it for a recovery): checks the transition, the date and the recipient.
 */
export async function writeEvent(
	trx: Kysely<Database>,
	user: AuthUser,
	tokenId: number,
	before: Holding,
	input: CustodyInput,
	at: Date,
	who: AuditWho
): Promise<number> {
	const event = input.event;
	if (!ALLOWED_FROM[event].includes(before.status))
		throw new AppError(
			'CONFLICT',
			`Không thể ghi nhận "${viLabel('custody', event)}" khi thiết bị đang ở tình trạng "${viLabel('tokenStatus', before.status)}".`,
			{ field: 'event' }
		);
	if (before.status_since && at < before.status_since)
		throw invalid(
			'occurredAt',
			`Thời điểm xảy ra phải sau sự việc ghi nhận trước đó (${formatDateTime(before.status_since)}).`
		);
	let toPersonId = before.holder_person_id;
	let agencyId = before.holder_agency_id;
	let fromPersonId: number | null = null;
	if (NEEDS_RECIPIENT.includes(event)) {
		const placed = await recipient(trx, user.scope, before, input, at);
		toPersonId = placed.personId;
		agencyId = placed.agencyId;
		if (event === 'handed_over') fromPersonId = before.holder_person_id;
	} else if (event === 'lost' || event === 'returned_to_ca') {
		fromPersonId = before.holder_person_id;
		toPersonId = null;
	}
	const row = await trx
		.insertInto('token_custody_events')
		.values({
			token_id: tokenId,
			event,
			occurred_at: at,
			from_person_id: fromPersonId,
			to_person_id: toPersonId,
			agency_id: agencyId,
			recorded_by: user.username,
			form: FORM[event] ?? null,
			reason: input.reason || null,
			record_number: input.recordNumber || null,
			note: input.note || null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const after = (await holdingOf(trx, tokenId))!;
	const state = (h: Holding) => ({
		status: h.status,
		holderPersonId: h.holder_person_id,
		holderAgencyId: h.holder_agency_id
	});
	await recordAudit(trx, {
		...who,
		action: `custody.${event}`,
		entityType: 'token',
		entityId: tokenId,
		details: {
			eventId: row.id,
			occurredAt: at.toISOString(),
			recordNumber: input.recordNumber || undefined,
			reason: input.reason || undefined,
			before: state(before),
			after: state(after)
		}
	});
	return row.id;
}

/**
 * The recipient of an issue or a hand-over: in post that day, inside the device's agency unless said
 * otherwise, and inside the user's scope (an officer hands devices to their own subtree's people;
 * Sở KH&CN records transfers to another agency).
 */
async function recipient(
	trx: Kysely<Database>,
	scope: AgencyScope,
	before: Holding,
	input: CustodyInput,
	at: Date
): Promise<{ personId: number; agencyId: number }> {
	if (!input.toPersonId) throw invalid('toPersonId', 'Chọn người nhận thiết bị.');
	const day = vietnamDay(at);
	const post = await postOnDay(trx, input.toPersonId, day);
	if (!post || (scope.kind === 'subtree' && !post.agencyPath?.startsWith(scope.path)))
		throw invalid('toPersonId', 'Không tìm thấy người nhận trong phạm vi cơ quan của bạn.');
	const dayVi = day.split('-').reverse().join('/');
	if (post.status !== 'active' || post.agencyId === null || post.agencyPath === null)
		throw invalid('toPersonId', `${post.fullName} không đang công tác vào ngày ${dayVi}.`);
	if (
		input.event === 'handed_over' &&
		post.personId === before.holder_person_id &&
		post.agencyId === before.holder_agency_id
	)
		throw invalid('toPersonId', `${post.fullName} đang giữ thiết bị này.`);
	if (before.holder_agency_id !== null) {
		const current = await trx
			.selectFrom('agencies')
			.select(['path', 'name'])
			.where('id', '=', before.holder_agency_id)
			.executeTakeFirstOrThrow();
		if (!post.agencyPath.startsWith(current.path) && !input.otherAgency)
			throw invalid(
				'otherAgency',
				`${post.fullName} không thuộc ${current.name}: đánh dấu "${words['custody.otherAgency']}" nếu đúng là bàn giao sang cơ quan khác.`
			);
	}
	return { personId: post.personId, agencyId: post.agencyId };
}
