// Which errors mean "the database cannot be reached right now" (restart, failover, a cut or
// refused connection) rather than "this statement is wrong": the first kind is worth a retry and
// answers 503, the second is a bug or bad data. Pure: no driver is imported, so the job runner,
// the request hooks and the CLI share it.

// 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now;
// 53300: too many connections.
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const NODE_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH'
]);
// pg's own errors carry no code: a socket closed under a query or a transaction, a client reused
// after that, a pool that could not connect in time; and the server's refusals while it starts,
// stops or a database is closed to connections.
const MESSAGES =
	/Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)|is not currently accepting connections/i;

function isLost(e: object, top: boolean): boolean {
	const code = (e as { code?: unknown }).code;
	if (typeof code === 'string' && (PG_CODES.has(code) || /^08...$/.test(code))) return true;
	// A socket error is the driver's only at the top: deeper, as a cause, it is more likely a
	// failed HTTP download (fetch wraps its socket error), which says nothing about the database.
	if (top && typeof code === 'string' && NODE_CODES.has(code)) return true;
	const message = (e as { message?: unknown }).message;
	return typeof message === 'string' && MESSAGES.test(message);
}

/** True when `e` (or an error it wraps as `cause`, or in an AggregateError) is a lost or refused database connection. */
export function isConnectionLost(e: unknown, depth = 0): boolean {
	if (depth > 4 || typeof e !== 'object' || e === null) return false;
	if (isLost(e, depth === 0)) return true;
	if (e instanceof AggregateError && e.errors.some((x) => isConnectionLost(x, depth + 1))) return true;
	return isConnectionLost((e as { cause?: unknown }).cause, depth + 1);
}
