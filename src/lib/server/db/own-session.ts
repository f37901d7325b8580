// One database session held by a bulk load for its whole length: the session settings it changes
// (session_replication_role, the deferred roll-ups) stay on it and never reach other work, and on
// PostgreSQL its raw `pg` client is there for COPY (pg-copy.ts).
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema';
import { pgPoolOf } from './connection';

export interface OwnSession {
	/** Every statement through this runs on the one session. */
	db: Kysely<Database>;
	/** The session's `pg` client (PostgreSQL opened by openPostgres), or null (PGlite). */
	client: pg.ClientBase | null;
}

export async function withOwnSession<T>(db: Kysely<Database>, f: (s: OwnSession) => Promise<T>): Promise<T> {
	const pool = pgPoolOf(db);
	if (!pool) return db.connection().execute((conn) => f({ db: conn, client: null }));
	const client = await pool.connect();
	// A pool of one client that is never given back, so Kysely runs every statement on it.
	const single: PostgresPool = {
		connect: async () =>
			({ query: client.query.bind(client), release: () => undefined }) as unknown as PostgresPoolClient,
		end: async () => undefined
	};
	const session = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
	try {
		return await f({ db: session, client });
	} finally {
		await session.destroy();
		// Its settings were changed for the load: closed, not lent to other work.
		client.release(true);
	}
}
