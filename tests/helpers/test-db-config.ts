// Where the test databases come from: TEST_DB=pglite (default) or TEST_DB=postgres (needs DATABASE_URL).
import path from 'node:path';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
	return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export const DUMP_DIR = path.resolve('tmp/test-db');
export const dumpPath = (name: 'migrated' | 'demo') => path.join(DUMP_DIR, `${name}.tar.gz`);

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
	return `${base}_tpl_${name}`.slice(0, 60);
}

/** Demo data scale for the seeded test template: small, so every test file can have its own copy. */
export const TEST_SEED_SCALE = Number(process.env.KIEMKY_TEST_SEED_SCALE ?? '0.05');
