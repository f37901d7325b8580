// The server process's one database handle, opened on first use from the environment.
// One handle per process matters for PGlite, which must never be opened twice on one directory.
import type { Kysely } from 'kysely';
import { openDatabaseFromEnv, type DbHandle } from './connection';
import type { Database } from './schema';

let handle: Promise<DbHandle> | undefined;

export function getDbHandle(): Promise<DbHandle> {
	handle ??= openDatabaseFromEnv();
	return handle;
}

export async function getDb(): Promise<Kysely<Database>> {
	return (await getDbHandle()).db;
}

/**
 * Hands the process a handle opened elsewhere, or forgets it (undefined) without closing it: for
 * code that runs the routes on a database it owns, as the integration tests do (each test file opens
 * its own database, and the files share one module registry: vitest's `isolate: false`).
 */
export function setDbHandle(h: DbHandle | undefined): void {
	handle = h ? Promise.resolve(h) : undefined;
}

export async function closeDb(): Promise<void> {
	if (!handle) return;
	const h = await handle;
	handle = undefined;
	await h.close();
}

export type { Database } from './schema';
export type DB = Kysely<Database>;
