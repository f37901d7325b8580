// Cuts a test database's connections the way a PostgreSQL restart, a failover or a proxy's idle
// timeout does: pg_terminate_backend from a separate admin session. PostgreSQL only.
import pg from 'pg';
import type { DbHandle } from '../../src/lib/server/db/connection';
import { postgresBaseUrl } from './test-db-config';

/** Why the connection-cut tests do not run on PGlite (one in-process connection: nothing to cut). */
export const NEEDS_POSTGRES =
	'needs PostgreSQL (TEST_DB=postgres and DATABASE_URL): PGlite has no server connections to terminate';

// Admin sessions are on the base database, so that they work while the test database refuses
// new connections.
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const c = new pg.Client({ connectionString: postgresBaseUrl() });
	await c.connect();
	try {
		return await fn(c);
	} finally {
		await c.end();
	}
}

/** Terminates every backend of the test database; returns how many. */
export function terminateBackends(h: DbHandle): Promise<number> {
	return admin(async (c) => {
		const r = await c.query<{ n: number }>(
			`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
				where datname = $1 and pid <> pg_backend_pid()`,
			[h.location]
		);
		return r.rows[0]!.n;
	});
}

/**
 * Terminates the backends running a statement containing `fragment`, and waits until they are gone.
 * A test that holds a lock to keep a statement in flight cuts that statement first: terminating
 * everything at once could end the lock holder first, and the statement then finish before its own
 * backend handles the signal.
 */
export function terminateBackendsRunning(h: DbHandle, fragment: string, timeoutMs = 20_000): Promise<number> {
	return admin(async (c) => {
		const r = await c.query<{ pid: number }>(
			// Materialized: the filter must run before any pg_terminate_backend call.
			`with running as materialized (
				select pid from pg_stat_activity
				where datname = $2 and pid <> pg_backend_pid() and position($1 in query) > 0
			) select pid from running where pg_terminate_backend(pid)`,
			[fragment, h.location]
		);
		const pids = r.rows.map((x) => x.pid);
		const until = Date.now() + timeoutMs;
		while (pids.length) {
			const alive = await c.query('select 1 from pg_stat_activity where pid = any($1)', [pids]);
			if (!alive.rowCount) break;
			if (Date.now() > until) throw new Error(`backends ${pids.join(', ')} did not end`);
			await new Promise((res) => setTimeout(res, 20));
		}
		return pids.length;
	});
}

/** Waits until some backend of the test database is running a statement containing `fragment`. */
export async function waitForStatement(h: DbHandle, fragment: string, timeoutMs = 20_000): Promise<void> {
	await admin(async (c) => {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const r = await c.query<{ n: number }>(
				`select count(*)::int as n from pg_stat_activity
				where datname = $2 and pid <> pg_backend_pid() and state = 'active'
					and position($1 in query) > 0`,
				[fragment, h.location]
			);
			if (r.rows[0]!.n > 0) return;
			if (Date.now() > until) throw new Error(`no backend ran "${fragment}" within ${timeoutMs} ms`);
			await new Promise((res) => setTimeout(res, 50));
		}
	});
}

/** Refuses (or allows again) new connections to the test database, as a server that is down does. */
export function setAcceptingConnections(h: DbHandle, accept: boolean): Promise<void> {
	const name = h.location.replace(/"/g, '');
	return admin(async (c) => {
		await c.query(`alter database "${name}" allow_connections ${accept ? 'true' : 'false'}`);
	});
}
