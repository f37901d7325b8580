// Which failures are worth retrying with backoff: network and lost-connection errors, and
// PostgreSQL's "try again" conditions. A job may also throw TransientError itself.
export class TransientError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'TransientError';
	}
}

const NODE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH'
]);
// 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now;
// 40001/40P01: serialization failure, deadlock detected; 53300: too many connections.
const PG_CODES = new Set([
	'08000',
	'08001',
	'08003',
	'08004',
	'08006',
	'57P01',
	'57P02',
	'57P03',
	'40001',
	'40P01',
	'53300'
]);

export function isTransient(e: unknown): boolean {
	if (e instanceof TransientError) return true;
	const code = (e as { code?: unknown })?.code;
	if (typeof code === 'string' && (NODE_CODES.has(code) || PG_CODES.has(code))) return true;
	const msg = e instanceof Error ? e.message : '';
	return /Connection terminated|connection timeout|socket hang up/i.test(msg);
}

/** Delay before retry number `attempt` (1-based): 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(attempt: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}
