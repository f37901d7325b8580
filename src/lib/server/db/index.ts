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

export async function closeDb(): Promise<void> {
	if (!handle) return;
	const h = await handle;
	handle = undefined;
	await h.close();
}

export type { Database } from './schema';
export type DB = Kysely<Database>;
