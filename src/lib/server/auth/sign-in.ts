// Checks a username and password and opens a session.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { verifyPassword } from './passwords';
import { createSession } from './sessions';

export type SignInOutcome =
	| { ok: true; token: string; expiresAt: Date; userId: number }
	| { ok: false; status: 400 | 401 | 429; message: string };

const BAD_CREDENTIALS = 'Tên đăng nhập hoặc mật khẩu không đúng.';

export async function signIn(
	db: Kysely<Database>,
	input: { username: string; password: string; ip: string | null; userAgent: string | null },
	now = new Date()
): Promise<SignInOutcome> {
	const user = await db
		.selectFrom('users')
		.select(['id', 'password_hash', 'active'])
		.where('username', '=', input.username)
		.executeTakeFirst();
	if (!user || !user.active || !(await verifyPassword(user.password_hash, input.password)))
		return { ok: false, status: 401, message: BAD_CREDENTIALS };
	await db.updateTable('users').set({ last_login_at: now, failed_attempts: 0 }).where('id', '=', user.id).execute();
	const session = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
	return { ok: true, userId: user.id, ...session };
}
