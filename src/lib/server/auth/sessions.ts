// Database-backed sessions with idle and absolute timeouts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope, AuthUser, Role } from './roles';
import { newSessionToken, sessionIdFromToken } from './session-token';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

export async function createSession(
	db: Kysely<Database>,
	userId: number,
	meta: { ip?: string | null; userAgent?: string | null },
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = newSessionToken();
	const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
	await db
		.insertInto('sessions')
		.values({
			id: sessionIdFromToken(token),
			user_id: userId,
			created_at: now,
			last_seen_at: now,
			expires_at: expiresAt,
			ip: meta.ip ?? null,
			user_agent: meta.userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return { token, expiresAt };
}

/** The user behind a session token, or null when unknown, expired or idle too long. */
export async function validateSession(
	db: Kysely<Database>,
	token: string,
	now = new Date()
): Promise<AuthUser | null> {
	const id = sessionIdFromToken(token);
	const row = await db
		.selectFrom('sessions as s')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.leftJoin('agencies as a', 'a.id', 'u.agency_id')
		.select([
			's.id as session_id',
			's.expires_at',
			's.last_seen_at',
			'u.id',
			'u.username',
			'u.display_name',
			'u.agency_id',
			'u.active',
			'u.lang',
			'a.path as agency_path'
		])
		.where('s.id', '=', id)
		.executeTakeFirst();
	if (!row || !row.active) return null;
	if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	// Touch at most once a minute to keep writes low.
	if (now.getTime() - row.last_seen_at.getTime() > 60_000)
		await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
	const roles = (
		await db.selectFrom('user_roles').select('role').where('user_id', '=', row.id).execute()
	).map((r) => r.role as Role);
	return {
		id: row.id,
		username: row.username,
		displayName: row.display_name,
		roles,
		agencyId: row.agency_id,
		scope: scopeFor(roles, row.agency_id, row.agency_path),
		sessionId: row.session_id,
		lang: row.lang === 'en' || row.lang === 'vi' ? row.lang : null
	};
}

/** Staff roles see every agency; an officer only their agency's subtree; nobody else sees any. */
export function scopeFor(roles: Role[], agencyId: number | null, agencyPath: string | null): AgencyScope {
	if (roles.some((r) => r !== 'agency_officer')) return { kind: 'all' };
	if (agencyId !== null && agencyPath) return { kind: 'subtree', agencyId, path: agencyPath };
	return { kind: 'subtree', agencyId: -1, path: '/none/' };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteAllSessions(db: Kysely<Database>, userId: number): Promise<number> {
	const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
	return Number(r.numDeletedRows);
}

export interface SessionRow {
	createdAt: Date;
	lastSeenAt: Date;
	expiresAt: Date;
	ip: string | null;
	userAgent: string | null;
}

/** A user's live sessions, newest first (for the admin page; ids are never shown). */
export async function listSessions(
	db: Kysely<Database>,
	userId: number,
	now = new Date()
): Promise<SessionRow[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
		.where('user_id', '=', userId)
		.where('expires_at', '>', now)
		.orderBy('last_seen_at', 'desc')
		.execute();
	return rows.map((r) => ({
		createdAt: r.created_at,
		lastSeenAt: r.last_seen_at,
		expiresAt: r.expires_at,
		ip: r.ip,
		userAgent: r.user_agent
	}));
}
