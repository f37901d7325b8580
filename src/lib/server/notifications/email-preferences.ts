// Which kinds of notification reach a user by e-mail (/thong-bao/cai-dat). Stored as opt-outs
// (notification_email_opt_outs): a kind with no row is wanted, so a kind added later reaches
// everyone until they turn it off. The app's notification centre shows every kind regardless.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications';

export interface EmailPreferences {
	email: string | null;
	/** Each kind and whether it is sent by e-mail. */
	kinds: { kind: NotificationKind; byEmail: boolean }[];
}

export async function emailPreferences(db: Kysely<Database>, userId: number): Promise<EmailPreferences> {
	const [user, outs] = await Promise.all([
		db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst(),
		db.selectFrom('notification_email_opt_outs').select('kind').where('user_id', '=', userId).execute()
	]);
	const off = new Set(outs.map((o) => o.kind));
	return {
		email: user?.email?.trim() || null,
		kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, byEmail: !off.has(kind) }))
	};
}

const isKind = (v: string): v is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(v);

/** Keeps exactly `wanted` by e-mail (every other kind opted out); audited with before and after. */
export async function saveEmailPreferences(
	db: Kysely<Database>,
	user: AuthUser,
	wanted: string[],
	ip: string | null
): Promise<EmailPreferences> {
	const unknown = wanted.filter((k) => !isKind(k));
	if (unknown.length)
		throw new AppError('INVALID_INPUT', `Loại thông báo không có: ${unknown.join(', ')}.`, { field: 'kind' });
	const keep = new Set(wanted);
	const optOuts = NOTIFICATION_KINDS.filter((k) => !keep.has(k));
	await db.transaction().execute(async (trx) => {
		const before = (
			await trx
				.selectFrom('notification_email_opt_outs')
				.select('kind')
				.where('user_id', '=', user.id)
				.execute()
		).map((r) => r.kind);
		await trx.deleteFrom('notification_email_opt_outs').where('user_id', '=', user.id).execute();
		if (optOuts.length)
			await trx
				.insertInto('notification_email_opt_outs')
				.values(optOuts.map((kind) => ({ user_id: user.id, kind })))
				.execute();
		await recordAudit(trx, {
			userId: user.id,
			actor: user.username,
			action: 'notification.email_preferences_update',
			entityType: 'user',
			entityId: user.id,
			ip,
			details: { optedOutBefore: before.sort(), optedOut: optOuts }
		});
	});
	return emailPreferences(db, user.id);
}
