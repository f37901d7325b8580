// Checks a username and password and opens a fresh session (a new random token every time, so a
// cookie planted before sign-in is never adopted), with throttling and an audit entry either way.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit/log';
import { hashPassword, verifyPassword } from './passwords';
import { createSession, deleteSession } from './sessions';
import { sessionIdFromToken } from './session-token';
import { checkThrottle, pruneAttempts, recordAttempt } from './sign-in-throttle';

export type SignInOutcome =
	| { ok: true; token: string; expiresAt: Date; userId: number }
	| { ok: false; status: 400 | 401 | 429; message: string };

const BAD_CREDENTIALS = 'Tên đăng nhập hoặc mật khẩu không đúng.';

let dummyHash: Promise<string> | undefined;

/** Normalised account name: sign-in is case-insensitive, usernames are stored in lower case. */
export function normaliseUsername(username: string): string {
	return username.trim().toLowerCase();
}

/**
 * The typed account name as stored in sign_in_attempts and the audit log, where anyone may write
 * anything into it: control and invisible formatting characters removed (no forged lines or
 * reversed text in a log viewer or export), at most 64 characters (real names have at most 40).
 */
export function usernameForLog(username: string): string {
	return [...username.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')].slice(0, 64).join('');
}

export async function signIn(
	db: Kysely<Database>,
	input: {
		username: string;
		password: string;
		ip: string | null;
		userAgent: string | null;
		previousToken?: string | null;
	},
	now = new Date()
): Promise<SignInOutcome> {
	// Counted and logged in the bounded, printable form (so variants with invisible characters
	// also count against the account they imitate).
	const typed = normaliseUsername(input.username).slice(0, 100);
	const username = usernameForLog(typed);
	const ip = input.ip;
	// A token presented before sign-in is dropped, whatever it was: never carried into the new session.
	if (input.previousToken) await deleteSession(db, sessionIdFromToken(input.previousToken));

	const throttle = await checkThrottle(db, username, ip, now);
	if (throttle.blocked) {
		await recordAudit(db, {
			actor: username,
			action: 'auth.sign_in_blocked',
			entityType: 'user',
			entityId: username,
			details: { by: throttle.by },
			ip
		});
		const minutes = Math.ceil(throttle.retryAfterMs / 60_000);
		const who = throttle.by === 'account' ? 'Tài khoản này' : 'Địa chỉ máy của bạn';
		return {
			ok: false,
			status: 429,
			message: `${who} đã đăng nhập sai quá nhiều lần và tạm thời bị khóa. Vui lòng thử lại sau ${minutes} phút.`
		};
	}

	// No account name holds those characters (and PostgreSQL refuses a NUL in text outright).
	const user =
		typed === username
			? await db
					.selectFrom('users')
					.select(['id', 'password_hash', 'active'])
					.where('username', '=', typed)
					.executeTakeFirst()
			: undefined;
	// Hash even for unknown accounts so the response time does not reveal which names exist.
	const passwordOk = user
		? await verifyPassword(user.password_hash, input.password)
		: await verifyPassword(await (dummyHash ??= hashPassword('kiem-ky-dummy')), input.password).then(
				() => false
			);
	if (!user || !user.active || !passwordOk) {
		await recordAttempt(db, { username, ip, success: false }, now);
		await recordAudit(db, {
			userId: user?.id ?? null,
			actor: username,
			action: 'auth.sign_in_failed',
			entityType: 'user',
			entityId: user?.id ?? username,
			details: { reason: !user ? 'unknown_user' : !user.active ? 'disabled' : 'bad_password' },
			ip
		});
		return { ok: false, status: 401, message: BAD_CREDENTIALS };
	}

	await recordAttempt(db, { username, ip, success: true }, now);
	await db
		.updateTable('users')
		.set({ last_login_at: now, failed_attempts: 0 })
		.where('id', '=', user.id)
		.execute();
	const session = await createSession(db, user.id, { ip, userAgent: input.userAgent }, now);
	await recordAudit(db, {
		userId: user.id,
		actor: username,
		action: 'auth.sign_in',
		entityType: 'user',
		entityId: user.id,
		ip
	});
	await pruneAttempts(db, now);
	return { ok: true, userId: user.id, ...session };
}
