// The notification centre: a user's own notifications (never another's: every query is by the
// user's id), the unread count of the header's bell, and marking as read.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications';
import type { Severity } from '../../domain/findings';

export interface CentreFilters {
	/** Only the unread (and still current) ones. */
	unread: boolean;
	kind: NotificationKind | null;
}

export function parseCentreFilters(q: URLSearchParams): CentreFilters {
	const kind = q.get('loai');
	return {
		unread: q.get('xem') !== 'tat-ca',
		kind: (NOTIFICATION_KINDS as readonly string[]).includes(kind ?? '') ? (kind as NotificationKind) : null
	};
}

export interface CentreRow {
	id: number;
	kind: NotificationKind;
	severity: Severity;
	title: string;
	body: string | null;
	link: string;
	createdAt: Date;
	dueAt: Date | null;
	unread: boolean;
	/** The cause went away (renewed, resolved, handled). */
	cleared: boolean;
}

export const CENTRE_PAGE_SIZE = 200;

/** The user's notifications, newest first, in their language. */
export async function listNotifications(
	db: Kysely<Database>,
	userId: number,
	filters: CentreFilters,
	lang: 'vi' | 'en'
): Promise<CentreRow[]> {
	let q = db
		.selectFrom('notifications')
		.select(['id', 'kind', 'severity', 'title_vi', 'title_en', 'body_vi', 'body_en', 'link'])
		.select(['created_at', 'due_at', 'read_at', 'cleared_at'])
		.where('user_id', '=', userId);
	if (filters.unread) q = q.where('read_at', 'is', null).where('cleared_at', 'is', null);
	if (filters.kind) q = q.where('kind', '=', filters.kind);
	const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(CENTRE_PAGE_SIZE).execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		severity: r.severity,
		title: lang === 'en' ? r.title_en : r.title_vi,
		body: lang === 'en' ? r.body_en : r.body_vi,
		link: r.link,
		createdAt: r.created_at,
		dueAt: r.due_at,
		unread: r.read_at === null,
		cleared: r.cleared_at !== null
	}));
}

/** What the bell counts: unread and still current. */
export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
	const r = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.where('cleared_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Marks one of the user's notifications read; another user's (or none) is NOT_FOUND. */
export async function markRead(
	db: Kysely<Database>,
	userId: number,
	id: number,
	now = new Date()
): Promise<void> {
	const mine = await db
		.selectFrom('notifications')
		.select(['id', 'read_at'])
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!mine) throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo này.');
	if (mine.read_at) return;
	await db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).execute();
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(db: Kysely<Database>, userId: number, now = new Date()): Promise<number> {
	const r = await db
		.updateTable('notifications')
		.set({ read_at: now })
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}
