// Which failures are worth retrying with backoff: a lost or refused database connection, network
// errors, and PostgreSQL's "try again" conditions. A job may also throw TransientError itself.
import { isConnectionLost } from '../server/db/connection-errors';

export class TransientError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'TransientError';
	}
}

// 40001/40P01: serialization failure, deadlock detected; and network errors of downloads (CRLs).
const RETRY_CODES = new Set([
	'40001',
	'40P01',
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH'
]);

export function isTransient(e: unknown): boolean {
	if (e instanceof TransientError || isConnectionLost(e)) return true;
	const code = (e as { code?: unknown })?.code;
	if (typeof code === 'string' && RETRY_CODES.has(code)) return true;
	const msg = e instanceof Error ? e.message : '';
	return /connection timeout|socket hang up/i.test(msg);
}

/** Delay before retry number `attempt` (1-based): 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(attempt: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}
