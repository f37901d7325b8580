// Where the test databases come from: TEST_DB=pglite (default) or TEST_DB=postgres (needs DATABASE_URL).
import path from 'node:path';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
	return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

// Unique per test run (global setup sets it; forked workers inherit it), so that several runs
// in one checkout never read each other's half-written databases.
export function runId(): string {
	process.env.KIEMKY_TEST_RUN ??= `${process.pid}`;
	return process.env.KIEMKY_TEST_RUN;
}

export const dumpDir = () => path.resolve(`tmp/test-db-${runId()}`);
/** A PGlite data directory as an uncompressed tarball, for `openPglite({ loadDataDir: new Blob([readFileSync(…)]) })`
 * (uncompressed, because every test file loads one and gunzip was a fifth of that). 'empty' is initdb only, no
 * migrations, and exists only in PGlite runs (see emptyPgliteTarball in db.ts). */
export const dumpPath = (name: 'empty' | 'migrated' | 'demo') => path.join(dumpDir(), `${name}.tar`);

/** initdb arguments of the test templates: 1 MB WAL segments instead of 16 MB make each tarball about
 * a third smaller, and loading one is most of what opening a test database costs. */
export const TEST_INITDB_PARAMS = ['--wal-segsize=1'];

export function postgresBaseUrl(): string {
	const url = process.env.DATABASE_URL;
	if (!url) throw new Error('TEST_DB=postgres needs DATABASE_URL');
	return url;
}

export function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

export function templateName(name: 'migrated' | 'demo'): string {
	const base = new URL(postgresBaseUrl()).pathname.slice(1) || 'postgres';
	return `${base}_tpl_${runId()}_${name}`.slice(0, 63);
}

/** Demo data scale for the seeded test template: small, so every test file can have its own copy. */
export const TEST_SEED_SCALE = Number(process.env.KIEMKY_TEST_SEED_SCALE ?? '0.05');
