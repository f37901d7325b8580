// Builds, once per test run, a migrated database and a demo-seeded one, which every test file
// then clones: a PGlite data-dir dump, or PostgreSQL template databases.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedDemoData } from '../../src/lib/server/seed/demo';
import {
	dumpDir,
	dumpPath,
	postgresBaseUrl,
	templateName,
	testDbKind,
	TEST_SEED_SCALE,
	withDatabase
} from './test-db-config';

async function prepare(handle: DbHandle, demo: boolean): Promise<void> {
	const outcome = await migrateToLatest(handle.db);
	if (outcome.error) throw outcome.error;
	if (demo) await seedDemoData(handle.db, { scale: TEST_SEED_SCALE });
}

async function setupPglite(): Promise<void> {
	mkdirSync(dumpDir(), { recursive: true });
	for (const name of ['migrated', 'demo'] as const) {
		const handle = await openPglite();
		await prepare(handle, name === 'demo');
		const dump = await handle.pglite!.dumpDataDir('gzip');
		writeFileSync(dumpPath(name), Buffer.from(await dump.arrayBuffer()));
		await handle.close();
	}
}

async function setupPostgres(): Promise<void> {
	const admin = new pg.Client({ connectionString: postgresBaseUrl() });
	await admin.connect();
	try {
		for (const name of ['migrated', 'demo'] as const) {
			const tpl = templateName(name);
			await admin.query(`drop database if exists "${tpl}" with (force)`);
			await admin.query(`create database "${tpl}"`);
			const handle = openPostgres(withDatabase(postgresBaseUrl(), tpl), 2);
			await prepare(handle, name === 'demo');
			await handle.close();
		}
	} finally {
		await admin.end();
	}
}

async function dropTemplates(): Promise<void> {
	const admin = new pg.Client({ connectionString: postgresBaseUrl() });
	await admin.connect();
	try {
		for (const name of ['migrated', 'demo'] as const)
			await admin.query(`drop database if exists "${templateName(name)}" with (force)`);
	} finally {
		await admin.end();
	}
}

export default async function setup(): Promise<() => Promise<void>> {
	process.env.KIEMKY_TEST_RUN = `${process.pid}`;
	if (testDbKind() === 'postgres') await setupPostgres();
	else await setupPglite();
	return async () => {
		if (testDbKind() === 'postgres') await dropTemplates();
		else rmSync(dumpDir(), { recursive: true, force: true });
	};
}
