// Session tokens: 32 random bytes in the cookie; only their SHA-256 is stored, so a database
// leak does not leak live sessions.
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'kiemky_session';

export function newSessionToken(): string {
	return randomBytes(32).toString('base64url');
}

export function sessionIdFromToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
