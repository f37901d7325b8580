// The administrator's notification settings: how many days an item may stay unread before the
// inspectors are told (the `notifications.escalation` setting), changed with an audit entry.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { readSetting, writeSettings } from '../settings/store';

export async function loadEscalationDays(db: Kysely<Database>): Promise<number> {
	return (await readSetting(db, 'notifications.escalation')).days;
}

/** Saves the days typed in the form (1 to 365); anything else is refused in Vietnamese. */
export async function saveEscalationDays(
	db: Kysely<Database>,
	typed: string,
	who: AuditWho
): Promise<number> {
	const days = /^\s*\d{1,3}\s*$/.test(typed) ? Number(typed) : NaN;
	if (!Number.isInteger(days) || days < 1 || days > 365)
		throw new AppError('INVALID_INPUT', 'Số ngày chưa xem phải là số nguyên từ 1 đến 365.', {
			field: 'days'
		});
	const before = await loadEscalationDays(db);
	await db.transaction().execute(async (trx) => {
		await writeSettings(trx, { 'notifications.escalation': { days } });
		await recordAudit(trx, {
			...who,
			action: 'settings.notifications_update',
			entityType: 'settings',
			entityId: 'notifications',
			details: { before: { escalationDays: before }, after: { escalationDays: days } }
		});
	});
	return days;
}
