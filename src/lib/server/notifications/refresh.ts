// Fills the notifications table: every source's items, one row per user each item reaches, made
// once per (user, dedupe key) whatever the number of runs; the rows whose cause went away cleared;
// and the items an agency officer left unread too long escalated to the inspectors, once per item.
// Run by the notifications-refresh job (hourly) inside its fenced transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DAY_MS, formatDate } from '../../time/vietnam';
import { readSetting } from '../settings/store';
import { activeRecipients, agencyPaths, reaches, type Recipient } from './audience';
import { caExpiryItems, certificateExpiryItems } from './certificate-expiry';
import { failedJobItems, findingItems } from './findings-and-jobs';
import { deviceReturnItems, requestDeadlineItems, requestDecisionItems } from './requests';
import { periodicReportItems } from './periodic-reports';
import { CLEARABLE_KINDS, type NotificationItem } from './item';

export interface RefreshCounts {
	/** Rows made (one per user and item). */
	notificationsCreated: number;
	/** Rows whose cause went away (renewed, resolved, handled, returned, made good). */
	notificationsCleared: number;
	/** Items escalated to the inspectors. */
	notificationsEscalated: number;
	/** Active users considered. */
	usersConsidered: number;
}

/** The kinds an officer's unread notification is escalated for (decisions and job failures are not tasks). */
const ESCALATED_KINDS = ['finding', 'certificate_expiry', 'deadline'] as const;
const ESCALATION_PREFIX = 'escalation:';
const CHUNK = 400;

export async function collectItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const lists = await Promise.all([
		findingItems(db, now),
		certificateExpiryItems(db, now),
		caExpiryItems(db, now),
		requestDeadlineItems(db, now),
		deviceReturnItems(db, now),
		requestDecisionItems(db, now),
		periodicReportItems(db, now),
		failedJobItems(db, now)
	]);
	return lists.flat();
}

/** Inserts one row per (fresh item, user it reaches); returns how many were new. */
async function insertFor(
	db: Kysely<Database>,
	items: readonly NotificationItem[],
	users: readonly Recipient[],
	paths: Map<number, string>,
	now: Date
): Promise<number> {
	const rows = items
		.filter((i) => i.fresh)
		.flatMap((i) =>
			users
				.filter((u) => reaches(i, u, paths))
				.map((u) => ({
					user_id: u.id,
					kind: i.kind,
					dedupe_key: i.key,
					agency_id: i.agencyId,
					severity: i.severity,
					title_vi: i.titleVi,
					title_en: i.titleEn,
					body_vi: i.bodyVi,
					body_en: i.bodyEn,
					link: i.link,
					due_at: i.dueAt,
					created_at: now
				}))
		);
	let created = 0;
	for (let at = 0; at < rows.length; at += CHUNK) {
		const made = await db
			.insertInto('notifications')
			.values(rows.slice(at, at + CHUNK))
			.onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
			.returning('id')
			.execute();
		created += made.length;
	}
	return created;
}

/** Clears the rows of clearable kinds whose item is no longer current; an escalation follows its item. */
async function clearGone(db: Kysely<Database>, live: Set<string>, now: Date): Promise<number> {
	const open = await db
		.selectFrom('notifications')
		.select(['id', 'dedupe_key', 'kind'])
		.where('cleared_at', 'is', null)
		.where('kind', 'in', [...CLEARABLE_KINDS])
		.execute();
	const gone = open
		.filter((n) =>
			n.kind === 'escalation'
				? !live.has(n.dedupe_key.slice(ESCALATION_PREFIX.length))
				: !live.has(n.dedupe_key)
		)
		.map((n) => n.id);
	for (let at = 0; at < gone.length; at += CHUNK)
		await db
			.updateTable('notifications')
			.set({ cleared_at: now })
			.where('id', 'in', gone.slice(at, at + CHUNK))
			.execute();
	return gone.length;
}

/**
 * Items an agency officer (anyone but an inspector) left unread and uncleared for `days` days:
 * one 'escalation' item each for the inspectors, and the sources marked escalated so it happens once.
 */
async function escalate(
	db: Kysely<Database>,
	users: readonly Recipient[],
	paths: Map<number, string>,
	now: Date
): Promise<number> {
	const { days } = await readSetting(db, 'notifications.escalation');
	const stale = await db
		.selectFrom('notifications as n')
		.innerJoin('users as u', 'u.id', 'n.user_id')
		.select(['n.id', 'n.dedupe_key', 'n.agency_id', 'n.severity', 'n.title_vi', 'n.title_en', 'n.link'])
		.select(['n.created_at', 'n.due_at', 'u.display_name'])
		.where('n.kind', 'in', [...ESCALATED_KINDS])
		.where('n.read_at', 'is', null)
		.where('n.cleared_at', 'is', null)
		.where('n.escalated_at', 'is', null)
		.where('n.created_at', '<=', new Date(now.getTime() - days * DAY_MS))
		.where(
			sql<boolean>`not exists (select 1 from user_roles r where r.user_id = n.user_id and r.role = 'inspector')`
		)
		.orderBy('n.id')
		.execute();
	if (!stale.length) return 0;
	const groups = new Map<string, typeof stale>();
	for (const n of stale) groups.set(n.dedupe_key, [...(groups.get(n.dedupe_key) ?? []), n]);
	const items: NotificationItem[] = [...groups.values()].map((rows) => {
		const n = rows[0]!;
		const names = [...new Set(rows.map((r) => r.display_name))].join(', ');
		const since = formatDate(n.created_at);
		return {
			kind: 'escalation',
			key: `${ESCALATION_PREFIX}${n.dedupe_key}`,
			agencyId: n.agency_id,
			severity: n.severity === 'low' ? 'medium' : n.severity,
			titleVi: `Chưa được xem sau ${days} ngày: ${n.title_vi}`,
			titleEn: `Unread for ${days} days: ${n.title_en}`,
			bodyVi: `Thông báo gửi ngày ${since} cho ${names} chưa được xem.`,
			bodyEn: `Sent on ${since} to ${names}, still unread.`,
			link: n.link,
			dueAt: n.due_at,
			audience: ['inspector'],
			fresh: true
		};
	});
	await insertFor(db, items, users, paths, now);
	const ids = stale.map((n) => n.id);
	for (let at = 0; at < ids.length; at += CHUNK)
		await db
			.updateTable('notifications')
			.set({ escalated_at: now })
			.where('id', 'in', ids.slice(at, at + CHUNK))
			.execute();
	return items.length;
}

/** One pass over every source for every active user. Idempotent: a second run at the same time adds nothing. */
export async function refreshNotifications(db: Kysely<Database>, now: Date): Promise<RefreshCounts> {
	const [items, users, paths] = await Promise.all([
		collectItems(db, now),
		activeRecipients(db),
		agencyPaths(db)
	]);
	const created = await insertFor(db, items, users, paths, now);
	const cleared = await clearGone(db, new Set(items.map((i) => i.key)), now);
	const escalated = await escalate(db, users, paths, now);
	return {
		notificationsCreated: created,
		notificationsCleared: cleared,
		notificationsEscalated: escalated,
		usersConsidered: users.length
	};
}
