// Throttling of failed sign-ins, per account name and per client address, counted in the
// sign_in_attempts table so it holds across app instances and restarts. A success clears the
// account's count; addresses are only released by time (one address may try many accounts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const THROTTLE = {
	windowMs: 15 * 60_000,
	/** Failures of one account name within the window before it is refused. */
	maxAccountFailures: 5,
	/** Failures from one address within the window before it is refused. */
	maxAddressFailures: 20
} as const;

export type ThrottleVerdict =
	{ blocked: false } | { blocked: true; by: 'account' | 'address'; retryAfterMs: number };

export async function checkThrottle(
	db: Kysely<Database>,
	username: string,
	ip: string | null,
	now = new Date()
): Promise<ThrottleVerdict> {
	const since = new Date(now.getTime() - THROTTLE.windowMs);
	const account = await db
		.selectFrom('sign_in_attempts')
		.select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`min(at)`.as('oldest')])
		.where('username', '=', username)
		.where('success', '=', false)
		.where('at', '>', since)
		.where(({ eb, selectFrom }) =>
			eb(
				'at',
				'>',
				selectFrom('sign_in_attempts')
					.select(sql<Date>`coalesce(max(at), '-infinity'::timestamptz)`.as('m'))
					.where('username', '=', username)
					.where('success', '=', true)
			)
		)
		.executeTakeFirstOrThrow();
	if (account.n >= THROTTLE.maxAccountFailures) return blocked('account', account.oldest, now);
	if (ip === null) return { blocked: false };
	const address = await db
		.selectFrom('sign_in_attempts')
		.select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`min(at)`.as('oldest')])
		.where('ip', '=', ip)
		.where('success', '=', false)
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	if (address.n >= THROTTLE.maxAddressFailures) return blocked('address', address.oldest, now);
	return { blocked: false };
}

function blocked(by: 'account' | 'address', oldest: Date | null, now: Date): ThrottleVerdict {
	const until = (oldest ?? now).getTime() + THROTTLE.windowMs;
	return { blocked: true, by, retryAfterMs: Math.max(60_000, until - now.getTime()) };
}

export async function recordAttempt(
	db: Kysely<Database>,
	attempt: { username: string; ip: string | null; success: boolean },
	now = new Date()
): Promise<void> {
	await db
		.insertInto('sign_in_attempts')
		.values({ ...attempt, at: now })
		.execute();
}

/** Attempts older than a day serve no throttle; the audit log keeps the history. */
export async function pruneAttempts(db: Kysely<Database>, now = new Date()): Promise<void> {
	await db
		.deleteFrom('sign_in_attempts')
		.where('at', '<', new Date(now.getTime() - 24 * 3600_000))
		.execute();
}
