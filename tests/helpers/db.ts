// A fresh database for one test file: a clone of the migrated (or demo-seeded) database built
// once by global-setup.ts, on PGlite or on PostgreSQL according to TEST_DB.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/lib/server/db/connection';
import { dumpPath, postgresBaseUrl, templateName, testDbKind, withDatabase } from './test-db-config';

export interface TestDbOptions {
	/** Start from the demo data (small scale) instead of an empty migrated database. */
	demo?: boolean;
}

async function adminQuery(...statements: string[]): Promise<void> {
	const admin = new pg.Client({ connectionString: postgresBaseUrl() });
	await admin.connect();
	try {
		for (const statement of statements) await admin.query(statement);
	} finally {
		await admin.end();
	}
}

export async function openTestDb(options: TestDbOptions = {}): Promise<DbHandle> {
	const source = options.demo ? 'demo' : 'migrated';
	if (testDbKind() === 'pglite') {
		const dump = new Blob([readFileSync(dumpPath(source))]);
		return openPglite({ loadDataDir: dump });
	}
	const name = `kiemky_t_${process.pid}_${randomBytes(4).toString('hex')}`;
	await adminQuery(
		`create database "${name}" template "${templateName(source)}"`,
		// As for the templates (global-setup.ts): no test needs a commit to survive a crash of the server.
		`alter database "${name}" set synchronous_commit = off`
	);
	const handle = openPostgres(withDatabase(postgresBaseUrl(), name), 4);
	return {
		...handle,
		location: name,
		close: async () => {
			await handle.close();
			await adminQuery(`drop database if exists "${name}" with (force)`);
		}
	};
}

/** A PGlite data directory with no tables (initdb only), for `new PGlite({ loadDataDir })`: the run's 'empty'
 * template when it has one (PGlite runs), else undefined, and PGlite then runs initdb itself (seconds). */
export function emptyPgliteTarball(): Blob | undefined {
	const file = dumpPath('empty');
	return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}
