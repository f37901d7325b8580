// The daily digest's reads and writes: who gets one, what it lists, and the mail_digests row of
// each (user, Vietnam day), written before the send and updated after it. Claiming a row is one
// conditional upsert, so of two writers only one gets a given user's day; a row left 'pending' (the
// sender stopped between claiming and recording) is never sent again.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from '../auth/roles';
import type { MailDigestStatus, NotificationKind } from '../../domain/notifications';

/** A digest is tried at most this many times (the first send and two retries). */
export const MAX_DIGEST_ATTEMPTS = 3;

export interface DigestRecipient {
	id: number;
	username: string;
	displayName: string;
	email: string;
	/** Null for staff (every agency); the agency path for an agency officer (their subtree only). */
	scopePath: string | null;
}

export interface DigestItem {
	id: number;
	kind: NotificationKind;
	severity: 'low' | 'medium' | 'high' | 'critical';
	agencyId: number | null;
	agencyName: string | null;
	title: string;
	body: string | null;
	link: string;
	dueAt: Date | null;
	createdAt: Date;
}

/** Active users with an e-mail address, by id, with the scope their digest is limited to. */
export async function digestRecipients(db: Kysely<Database>): Promise<DigestRecipient[]> {
	const rows = await db
		.selectFrom('users as u')
		.leftJoin('agencies as a', 'a.id', 'u.agency_id')
		.select([
			'u.id',
			'u.username',
			'u.display_name',
			'u.email',
			'a.path as agency_path',
			sql<Role[]>`coalesce((select array_agg(r.role) from user_roles r where r.user_id = u.id), '{}')`.as(
				'roles'
			)
		])
		.where('u.active', '=', true)
		.where('u.email', 'is not', null)
		.where(sql<boolean>`btrim(u.email) <> ''`)
		.orderBy('u.id')
		.execute();
	return rows.map((r) => {
		const staff = r.roles.some((role) => role !== 'agency_officer');
		return {
			id: r.id,
			username: r.username,
			displayName: r.display_name,
			email: r.email!.trim(),
			// An officer without an agency sees nothing: a path no agency has.
			scopePath: staff ? null : (r.agency_path ?? '/none/')
		};
	});
}

/**
 * What the user's digest lists: their notifications neither read nor cleared, of kinds they did not
 * opt out of, not listed in a digest already sent, and (for an officer) about their own agency's
 * subtree or no agency. Grouped by agency name, most severe first.
 */
export async function digestItems(db: Kysely<Database>, user: DigestRecipient): Promise<DigestItem[]> {
	let q = db
		.selectFrom('notifications as n')
		.leftJoin('agencies as a', 'a.id', 'n.agency_id')
		.select([
			'n.id',
			'n.kind',
			'n.severity',
			'n.agency_id',
			'a.name as agency_name',
			'n.title_vi',
			'n.body_vi',
			'n.link',
			'n.due_at',
			'n.created_at'
		])
		.where('n.user_id', '=', user.id)
		.where('n.read_at', 'is', null)
		.where('n.cleared_at', 'is', null)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('notification_email_opt_outs as o')
						.select('o.kind')
						.whereRef('o.user_id', '=', 'n.user_id')
						.whereRef('o.kind', '=', 'n.kind')
				)
			)
		)
		.where(
			sql<boolean>`not exists (select 1 from mail_digests d where d.user_id = n.user_id and d.status = 'sent'
				and d.notification_ids @> jsonb_build_array(n.id))`
		);
	if (user.scopePath !== null) {
		const path = user.scopePath;
		q = q.where((eb) => eb.or([eb('n.agency_id', 'is', null), eb('a.path', 'like', `${path}%`)]));
	}
	const rows = await q
		.orderBy(sql`a.name nulls first`)
		.orderBy(sql`case n.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`)
		.orderBy(sql`n.due_at nulls last`)
		.orderBy('n.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		severity: r.severity,
		agencyId: r.agency_id,
		agencyName: r.agency_name,
		title: r.title_vi,
		body: r.body_vi,
		link: r.link,
		dueAt: r.due_at,
		createdAt: r.created_at
	}));
}

/** The day's rows by user: who was already sent to, found nothing, or failed (and how often). */
export async function digestsOfDay(
	db: Kysely<Database>,
	day: string
): Promise<Map<number, { status: MailDigestStatus; attempts: number }>> {
	const rows = await db
		.selectFrom('mail_digests')
		.select(['user_id', 'status', 'attempts'])
		.where('digest_date', '=', day)
		.execute();
	return new Map(rows.map((r) => [r.user_id, { status: r.status, attempts: r.attempts }]));
}

export interface ClaimInput {
	userId: number;
	day: string;
	recipient: string;
	subject: string;
	notificationIds: number[];
}

/**
 * Records the digest as 'pending' before it is sent, with one more attempt. Takes a new day, an
 * 'empty' one (something arrived since) or a failed one with attempts left; returns null when the
 * day is another's (sent, pending, or failed for good), so the caller sends nothing.
 */
export async function claimDigest(
	db: Kysely<Database>,
	c: ClaimInput
): Promise<{ id: number; attempts: number } | null> {
	const values = {
		user_id: c.userId,
		digest_date: c.day,
		recipient: c.recipient,
		status: 'pending' as const,
		attempts: 1,
		notification_ids: JSON.stringify(c.notificationIds),
		subject: c.subject,
		message_id: null,
		smtp_response: null,
		error: null,
		sent_at: null
	};
	const row = await db
		.insertInto('mail_digests')
		.values(values)
		.onConflict((oc) =>
			oc
				.columns(['user_id', 'digest_date'])
				.doUpdateSet({
					recipient: c.recipient,
					status: 'pending',
					attempts: sql`mail_digests.attempts + 1`,
					notification_ids: values.notification_ids,
					subject: c.subject,
					message_id: null,
					smtp_response: null,
					error: null
				})
				.where((eb) =>
					eb.or([
						eb('mail_digests.status', '=', 'empty'),
						eb.and([
							eb('mail_digests.status', '=', 'failed'),
							eb('mail_digests.attempts', '<', MAX_DIGEST_ATTEMPTS)
						])
					])
				)
		)
		.returning(['id', 'attempts'])
		.executeTakeFirst();
	return row ?? null;
}

/** Nothing to list today: recorded once, so the day shows as looked at. */
export async function recordEmpty(
	db: Kysely<Database>,
	userId: number,
	day: string,
	recipient: string
): Promise<void> {
	await db
		.insertInto('mail_digests')
		.values({ user_id: userId, digest_date: day, recipient, status: 'empty' })
		.onConflict((oc) => oc.columns(['user_id', 'digest_date']).doNothing())
		.execute();
}

export async function recordSent(
	db: Kysely<Database>,
	id: number,
	sent: { messageId: string; response: string; at: Date }
): Promise<void> {
	await db
		.updateTable('mail_digests')
		.set({
			status: 'sent',
			message_id: sent.messageId,
			smtp_response: sent.response,
			sent_at: sent.at,
			error: null
		})
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.execute();
}

export async function recordFailed(
	db: Kysely<Database>,
	id: number,
	failure: { error: string; response: string | null }
): Promise<void> {
	await db
		.updateTable('mail_digests')
		.set({ status: 'failed', error: failure.error, smtp_response: failure.response })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.execute();
}

/**
 * Digests left 'pending' by a sender that stopped between claiming and recording (a crash, a lost
 * connection): whether the server took the message is unknown, so they are marked failed for good
 * and never sent again (their items return in the next day's digest). Only the job calls this, and
 * the runner lets one run of it be active at a time, so no other sender is between those steps.
 */
export async function closeInterrupted(db: Kysely<Database>, note: string): Promise<number> {
	const r = await db
		.updateTable('mail_digests')
		.set({ status: 'failed', attempts: MAX_DIGEST_ATTEMPTS, error: note })
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

export interface DigestRecord {
	id: number;
	userId: number;
	username: string;
	day: string;
	recipient: string;
	status: MailDigestStatus;
	attempts: number;
	items: number;
	subject: string | null;
	messageId: string | null;
	smtpResponse: string | null;
	error: string | null;
	createdAt: Date;
	sentAt: Date | null;
}

/** The digests that did not go out (newest first), for the jobs page. */
export async function failedDigests(db: Kysely<Database>, limit = 50): Promise<DigestRecord[]> {
	const rows = await db
		.selectFrom('mail_digests as d')
		.innerJoin('users as u', 'u.id', 'd.user_id')
		.select([
			'd.id',
			'd.user_id',
			'u.username',
			sql<string>`to_char(d.digest_date, 'YYYY-MM-DD')`.as('day'),
			'd.recipient',
			'd.status',
			'd.attempts',
			sql<number>`jsonb_array_length(d.notification_ids)::int`.as('items'),
			'd.subject',
			'd.message_id',
			'd.smtp_response',
			'd.error',
			'd.created_at',
			'd.sent_at'
		])
		.where('d.status', '=', 'failed')
		.orderBy('d.digest_date', 'desc')
		.orderBy('d.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		userId: r.user_id,
		username: r.username,
		day: r.day,
		recipient: r.recipient,
		status: r.status,
		attempts: r.attempts,
		items: r.items,
		subject: r.subject,
		messageId: r.message_id,
		smtpResponse: r.smtp_response,
		error: r.error,
		createdAt: r.created_at,
		sentAt: r.sent_at
	}));
}
