// Opens the database: PostgreSQL through `pg` when DATABASE_URL is set, otherwise the embedded
// PGlite persisted under KIEMKY_DATA_DIR (./data by default), so a newcomer needs no server.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
// PGlite is loaded only when the embedded database is opened: on PostgreSQL it would cost ~60 MB for nothing.
import type { PGlite } from '@electric-sql/pglite';
import type { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './schema';
import { VIETNAM_TIME_ZONE } from '../../time/vietnam';

/** Sessions run in Vietnam time, so date_trunc and ::date on timestamptz cut at Vietnam midnight. */
export const DB_TIME_ZONE = VIETNAM_TIME_ZONE;

export type DatabaseKind = 'postgres' | 'pglite';

export interface DbHandle {
	db: Kysely<Database>;
	kind: DatabaseKind;
	/** Where the data lives: a redacted URL or the PGlite directory (or "memory"). */
	location: string;
	/** The embedded database itself, for dumps and clones (PGlite only). */
	pglite?: PGlite;
	close(): Promise<void>;
}

// Both drivers must hand the app the same JavaScript values: dates as 'YYYY-MM-DD' strings
// (a JS Date would shift them by the server's zone), int8 and numeric as numbers (counts and
// ids stay far below 2^53).
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
let pgParsersSet = false;
function setPgParsers() {
	if (pgParsersSet) return;
	pg.types.setTypeParser(OID.INT8, (v: string) => Number(v));
	pg.types.setTypeParser(OID.NUMERIC, (v: string) => Number(v));
	pg.types.setTypeParser(OID.DATE, (v: string) => v);
	pgParsersSet = true;
}

const pgliteParsers = {
	[OID.INT8]: (v: string) => Number(v),
	[OID.NUMERIC]: (v: string) => Number(v),
	[OID.DATE]: (v: string) => v
};

export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(DATABASE_URL không hợp lệ)';
	}
}

export function openPostgres(url: string, poolSize = 10): DbHandle {
	setPgParsers();
	const pool = new pg.Pool({
		connectionString: url,
		max: poolSize,
		options: `-c TimeZone=${DB_TIME_ZONE}`,
		// An unreachable server (not a refusing one, which fails at once) must not hold a request
		// forever: after 10 s it answers 503. Keepalive notices a connection whose peer vanished.
		connectionTimeoutMillis: 10_000,
		keepAlive: true
	});
	// A client whose server connection dies (PostgreSQL restart, failover, pg_terminate_backend, a
	// proxy's idle cut) emits 'error'; unheard, that event is an uncaught exception that ends the
	// process. The pool listens to its idle clients itself; a client lent out (a transaction or a
	// held connection between two statements) has no listener unless we add one. The statement it
	// was serving fails on its own; the dead client is dropped when released (it is no longer
	// queryable) and the pool opens a fresh one on next use.
	const lost = (e: Error & { code?: string }) => {
		if (e.code !== '57P01') console.error(`[kiem-ky] PostgreSQL connection lost: ${e.message}`);
	};
	pool.on('error', () => undefined); // the client's own listener below has already reported it
	pool.on('connect', (client) => {
		client.on('error', lost);
		// A FATAL message (57P01 on pg_terminate_backend or a shutdown) fails the statement it
		// interrupts, but the client still looks usable until its socket closes a moment later: released
		// in between, it would be lent to the next request, which would fail too. Ending it now makes
		// the pool drop it on release.
		const connection = (client as unknown as { connection: EventEmitter }).connection;
		connection.on('errorMessage', (msg: Error & { severity?: string; code?: string }) => {
			if (msg.severity !== 'FATAL') return;
			lost(msg);
			client.end().catch(() => undefined);
		});
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	pgPools.set(db, pool);
	return { db, kind: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

// Kysely keeps its pool private; a bulk load (COPY) needs a raw client of it.
const pgPools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The `pg` pool under a handle's `db` opened by openPostgres (undefined for PGlite or any other Kysely). */
export function pgPoolOf(db: Kysely<Database>): pg.Pool | undefined {
	return pgPools.get(db);
}

export interface PgliteOptions {
	dataDir?: string;
	loadDataDir?: Blob | File;
	/** Extra initdb arguments for a new database (the test templates use 1 MB WAL segments, to load faster). */
	initDbStartParams?: string[];
}

export async function openPglite(options: PgliteOptions = {}): Promise<DbHandle> {
	if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
	const [{ PGlite }, { PGliteDialect }] = await Promise.all([
		import('@electric-sql/pglite'),
		import('kysely-pglite-dialect')
	]);
	// The one-argument form: with (undefined, options) PGlite ignores the options.
	const client = await PGlite.create({
		dataDir: options.dataDir,
		parsers: pgliteParsers,
		loadDataDir: options.loadDataDir,
		initDbStartParams: options.initDbStartParams
	});
	await client.exec(`set TimeZone = '${DB_TIME_ZONE}'`);
	const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
	return {
		db,
		kind: 'pglite',
		location: options.dataDir ?? 'memory',
		pglite: client,
		close: () => db.destroy()
	};
}

export function defaultDataDir(): string {
	return path.resolve(process.env.KIEMKY_DATA_DIR ?? 'data', 'pglite');
}

/** Opens the database the environment names. */
export async function openDatabaseFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<DbHandle> {
	const url = env.DATABASE_URL?.trim();
	if (url) return openPostgres(url);
	return openPglite({ dataDir: defaultDataDir() });
}
