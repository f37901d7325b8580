// Builds, once per test run, a migrated database and a demo-seeded one, which every test file
// then clones: a PGlite data-dir tarball, or PostgreSQL template databases. The demo one is the
// migrated one plus the seed, so the migrations run once. Also the RSA keys the PKI fixtures share
// (test-keys.ts).
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pgliteCacheDir } from './test-db-cache';
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
	TEST_INITDB_PARAMS,
	TEST_SEED_SCALE,
	withDatabase
} from './test-db-config';
import { writeSharedKeys } from './test-keys';

async function migrate(handle: DbHandle): Promise<void> {
	const outcome = await migrateToLatest(handle.db);
	if (outcome.error) throw outcome.error;
}

const DUMPS = ['empty', 'migrated', 'demo'] as const;

/** The PGlite templates, from the cache of an earlier run on the same migrations and seed when there is
 * one (test-db-cache.ts), else built and then offered to the cache. */
async function setupPglite(): Promise<void> {
	mkdirSync(dumpDir(), { recursive: true });
	const cache = pgliteCacheDir();
	if (cache && DUMPS.every((n) => existsSync(path.join(cache, `${n}.tar`)))) {
		for (const n of DUMPS) copyFileSync(path.join(cache, `${n}.tar`), dumpPath(n));
		return;
	}
	await buildPglite();
	if (cache) {
		// Built aside and renamed, so that a run beside this one never reads a half-written cache.
		const staging = `${cache}.${process.pid}`;
		mkdirSync(staging, { recursive: true });
		for (const n of DUMPS) copyFileSync(dumpPath(n), path.join(staging, `${n}.tar`));
		try {
			renameSync(staging, cache);
		} catch {
			rmSync(staging, { recursive: true, force: true });
		}
	}
}

async function buildPglite(): Promise<void> {
	const handle = await openPglite({ initDbStartParams: TEST_INITDB_PARAMS });
	try {
		const dump = async (name: 'empty' | 'migrated' | 'demo') => {
			const tar = await handle.pglite!.dumpDataDir('none');
			writeFileSync(dumpPath(name), Buffer.from(await tar.arrayBuffer()));
		};
		await dump('empty');
		await migrate(handle);
		await dump('migrated');
		await seedDemoData(handle.db, { scale: TEST_SEED_SCALE });
		await dump('demo');
	} finally {
		await handle.close();
	}
}

async function setupPostgres(): Promise<void> {
	const admin = new pg.Client({ connectionString: postgresBaseUrl() });
	await admin.connect();
	try {
		const build = async (
			name: 'migrated' | 'demo',
			from: string | null,
			fill: (h: DbHandle) => Promise<void>
		) => {
			const tpl = templateName(name);
			await admin.query(`drop database if exists "${tpl}" with (force)`);
			await admin.query(`create database "${tpl}"${from ? ` template "${from}"` : ''}`);
			// Durability on a crash is no concern of a test database; not waiting for each commit's fsync is.
			await admin.query(`alter database "${tpl}" set synchronous_commit = off`);
			const handle = openPostgres(withDatabase(postgresBaseUrl(), tpl), 2);
			try {
				await fill(handle);
			} finally {
				await handle.close();
			}
		};
		await build('migrated', null, migrate);
		await build('demo', templateName('migrated'), async (h) => {
			await seedDemoData(h.db, { scale: TEST_SEED_SCALE });
		});
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
	// Key generation runs on libuv's threads, beside the database work on this one.
	await Promise.all([testDbKind() === 'postgres' ? setupPostgres() : setupPglite(), writeSharedKeys()]);
	return async () => {
		if (testDbKind() === 'postgres') await dropTemplates();
		rmSync(dumpDir(), { recursive: true, force: true });
	};
}
