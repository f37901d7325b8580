// `npm run bench -- import-api [--rows N] [--api-events N] [--reuse] [--api-only] [--recent]`: the signing-event ingestion
// pipeline on PostgreSQL (DATABASE_URL; a database kiemky_bench_import_api is made on its server).
//  1. The floor: PostgreSQL `COPY … FROM STDIN` (driven by psql's \copy) of N resolved rows
//     (default 1,000,000) into signing_events, triggers and indexes included.
//  2. The pipeline fed the same N rows as raw records (all-or-nothing), in a child process whose
//     peak RSS is its own: events/s, the ratio floor time / pipeline time (target ≥ 0.5), peak RSS
//     (target < 300 MB).
//  3. POST /api/v1/signing-events through its handler (key authentication, JSON body, contract
//     checks, pipeline) in batches of 5,000, from one client and from two side by side (two
//     document systems; one system's batches are stored one after another): events/s (target
//     ≥ 20,000).
// `--api-only` runs step 3 alone (with --reuse, on the database an earlier run left).
// It prints figures; it asserts nothing about wall-clock time.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openPostgres } from '../../src/lib/server/db/connection';
import type { Database } from '../../src/lib/server/db/schema';
import type { RawEventRecord } from '../../src/lib/server/import/ingest-types';
// The rest is loaded where it is used: the pipeline's child process loads only what an import
// loads in the server, so that its peak RSS is the pipeline's.
const { values } = parseArgs({
	options: {
		rows: { type: 'string', default: '1000000' },
		'api-events': { type: 'string', default: '200000' },
		reuse: { type: 'boolean', default: false },
		'api-only': { type: 'boolean', default: false },
		recent: { type: 'boolean', default: false },
		phase: { type: 'string', default: 'main' }
	}
});
const base = process.env.DATABASE_URL;
if (!base) {
	console.error('bench import-api: DATABASE_URL (PostgreSQL) is required');
	process.exit(2);
}
const ROWS = Number(values.rows);
const API_EVENTS = Number(values['api-events']);
// BENCH_DB names another database, so that two checkouts can run this benchmark side by side.
const dbName = process.env.BENCH_DB ?? 'kiemky_bench_import_api';
const url = new URL(base);
url.pathname = `/${dbName}`;

interface Lookups {
	certs: { id: number; fp: string }[];
	people: { id: number; nid: string }[];
	agencies: { id: number; code: string }[];
}

async function lookups(db: Kysely<Database>): Promise<Lookups> {
	const [certs, people, agencies] = await Promise.all([
		db
			.selectFrom('certificates')
			.select(['id', 'fingerprint_sha256 as fp'])
			.orderBy('id')
			.limit(2000)
			.execute(),
		db
			.selectFrom('people')
			.select(['id', 'national_id as nid'])
			.where('national_id', 'is not', null)
			.orderBy('id')
			.limit(2000)
			.execute(),
		db.selectFrom('agencies').select(['id', 'code']).where('code', 'is not', null).orderBy('id').execute()
	]);
	return {
		certs,
		people: people as { id: number; nid: string }[],
		agencies: agencies as { id: number; code: string }[]
	};
}

const CHANNELS = ['qlvb', 'dvc', 'email', 'portal', 'other'] as const;
// Events 37 s apart from 01/01/2025; with --recent, spread over this Vietnam month so far instead, where
// the roll-ups kept for the current period (agency_standing) are written too, as a live feed's are.
const RECENT_START = (() => {
	const [y, m] = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Ho_Chi_Minh',
		year: 'numeric',
		month: '2-digit'
	})
		.format(new Date())
		.split('-')
		.map(Number) as [number, number];
	return Date.parse(`${y}-${String(m).padStart(2, '0')}-01T00:00:00+07:00`);
})();
const START = values.recent ? RECENT_START : Date.parse('2025-01-01T08:00:00+07:00');
const STEP = values.recent
	? Math.max(1, Math.floor((Date.now() - 60_000 - RECENT_START) / Math.max(ROWS, API_EVENTS)))
	: 37_000;
const unknownFp = (i: number) =>
	createHash('sha256')
		.update(`unknown-${i % 50}`)
		.digest('hex');

/** Row i of the generated input as a document system sends it. */
function rowValues(i: number, system: string, l: Lookups) {
	const agency = l.agencies[i % l.agencies.length]!;
	return {
		source_system: system,
		source_id: `${system}-${i}`,
		signed_at: new Date(START + i * STEP).toISOString(),
		certificate_fingerprint: i % 100 === 99 ? unknownFp(i) : l.certs[i % l.certs.length]!.fp,
		acting_person_national_id: l.people[i % l.people.length]!.nid,
		acting_title: 'Giám đốc',
		document_number: `${i}/QĐ-${agency.code}`,
		document_agency_code: agency.code,
		channel: CHANNELS[i % CHANNELS.length]!
	};
}

/** The same row as it is stored (the COPY columns below), as CSV. */
function rowStored(i: number, system: string, l: Lookups): string {
	const v = rowValues(i, system, l);
	const unknown = i % 100 === 99;
	return [
		v.signed_at,
		unknown ? '' : String(l.certs[i % l.certs.length]!.id),
		unknown ? `sha256:${v.certificate_fingerprint}` : '',
		String(l.people[i % l.people.length]!.id),
		v.acting_title,
		'own',
		v.document_number,
		String(l.agencies[i % l.agencies.length]!.id),
		'normal',
		v.channel,
		'outgoing',
		system,
		v.source_id
	].join(',');
}

const COPY_COLUMNS =
	'signed_at, certificate_id, certificate_ref, acting_person_id, acting_title, signing_form, document_number, document_agency_id, classification, channel, direction, source_system, source_id';

async function floor(db: Kysely<Database>, l: Lookups): Promise<number> {
	mkdirSync('tmp', { recursive: true });
	const file = `tmp/bench-import-floor-${process.pid}.csv`;
	const out = createWriteStream(file);
	for (let i = 0; i < ROWS; i++) {
		const line = rowStored(i, 'FLOOR', l) + '\n';
		if (!out.write(line)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
	await sql`checkpoint`.execute(db);
	const t0 = performance.now();
	const r = spawnSync(
		'psql',
		[
			url.toString(),
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			`\\copy signing_events (${COPY_COLUMNS}) from '${file}' with (format csv)`
		],
		{ encoding: 'utf8' }
	);
	const seconds = (performance.now() - t0) / 1000;
	rmSync(file, { force: true });
	if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr}`);
	return seconds;
}

// Every table the insert triggers write (the key register and each roll-up): a phase starts from the
// same empty state as the others, with roll-ups equal to the (no) events, not with the previous phase's
// roll-up rows still there to update and their dead versions left to vacuum.
const EVENT_TABLES = [
	'signing_events',
	'signing_event_keys',
	'signing_daily_summary',
	'signing_daily_province',
	'signing_monthly_summary',
	'signing_monthly_agency',
	'signing_monthly_agency_total',
	'certificate_daily_use',
	'certificate_monthly_use',
	'certificate_yearly_use',
	'certificate_last_use',
	'signing_document_state',
	'signing_event_groups',
	'import_run_rejections'
];

async function reset(db: Kysely<Database>): Promise<void> {
	await sql`truncate ${sql.join(EVENT_TABLES.map((t) => sql.table(t)))}`.execute(db);
	await sql`delete from findings where kind = 'unknown_certificate'`.execute(db);
	// A truncate fires no row or statement trigger: the standings summed from the truncated monthly
	// totals are recounted (where the schema has them).
	await sql`do $$ begin
		if to_regproc('agency_standing_rebuild') is not null then perform agency_standing_rebuild(); end if;
	end $$`.execute(db);
	await sql`vacuum analyze signing_event_keys`.execute(db);
	await sql`checkpoint`.execute(db);
}

/** Phase 2 runs in a child process, so its peak RSS is the pipeline's and not the seed's. */
async function pipelineChild(): Promise<void> {
	const { ingestSigningEvents } = await import('../../src/lib/server/import/event-ingest');
	const handle = openPostgres(url.toString(), 4);
	const l = await lookups(handle.db);
	function* records(): Generator<RawEventRecord> {
		for (let i = 0; i < ROWS; i++) yield { line: i + 1, values: rowValues(i, 'BENCH', l) };
	}
	const t0 = performance.now();
	let read = t0;
	const r = await ingestSigningEvents(handle.db, records(), {
		mode: 'all-or-nothing',
		who: { userId: null, actor: 'bench', ip: null },
		origin: { kind: 'cli', fileName: 'bench' },
		onProgress: (n) => {
			if (n === ROWS) read = performance.now();
		}
	});
	const seconds = (performance.now() - t0) / 1000;
	const readSeconds = (read - t0) / 1000;
	await handle.close();
	const peakMb = process.resourceUsage().maxRSS / 1024;
	console.log(
		JSON.stringify({
			seconds,
			readSeconds,
			peakMb,
			inserted: r.inserted,
			rejected: r.rejected,
			errors: r.errors.slice(0, 3)
		})
	);
}

/**
 * Batches of 5,000 through the handler, as `clients` document systems (each its own key and
 * source system) posting one batch after another, side by side. The bodies are made before the
 * clock starts; the clock covers key authentication, the handler and reading its answer.
 */
async function api(
	db: Kysely<Database>,
	l: Lookups,
	clients: number
): Promise<{ seconds: number; events: number }> {
	const { authenticateApiKey, createApiKey } = await import('../../src/lib/server/auth/api-keys');
	const { postSigningEvents } = await import('../../src/lib/server/api/signing-events');
	const perClient = Math.ceil(API_EVENTS / clients);
	const prepared = await Promise.all(
		Array.from({ length: clients }, async (_, c) => {
			const system = `APIBENCH-${clients}-${c}`;
			const { key } = await createApiKey(
				db,
				{ name: `bench-${Date.now()}-${clients}-${c}`, sourceSystem: system },
				{ userId: null, actor: 'bench', ip: null }
			);
			// Bytes, as a server reads them off the socket (a string body would be re-encoded inside the clock).
			const bodies: Uint8Array<ArrayBuffer>[] = [];
			for (let start = c * perClient; start < Math.min(API_EVENTS, (c + 1) * perClient); start += 5000) {
				const events = [];
				for (let i = start; i < Math.min(API_EVENTS, (c + 1) * perClient, start + 5000); i++) {
					const { source_system: _, ...v } = rowValues(i, system, l);
					events.push(v);
				}
				bodies.push(new TextEncoder().encode(JSON.stringify({ events })));
			}
			return { header: `Bearer ${key}`, bodies };
		})
	);
	const t0 = performance.now();
	const stored = await Promise.all(
		prepared.map(async ({ header, bodies }) => {
			let n = 0;
			for (const body of bodies) {
				const apiKey = await authenticateApiKey(db, header);
				const request = new Request('http://localhost/api/v1/signing-events', {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: header },
					body
				});
				const res = await postSigningEvents(db, {
					request,
					locals: { user: null, apiKey, lang: 'vi' },
					getClientAddress: () => '127.0.0.1'
				});
				const out = (await res.json()) as { inserted?: number };
				if (res.status !== 200)
					throw new Error(`API answered ${res.status}: ${JSON.stringify(out).slice(0, 500)}`);
				n += out.inserted ?? 0;
			}
			return n;
		})
	);
	return { seconds: (performance.now() - t0) / 1000, events: stored.reduce((x, y) => x + y, 0) };
}

async function main(): Promise<void> {
	const { default: pg } = await import('pg');
	const { migrateToLatest } = await import('../../src/lib/server/db/migrate');
	const { seedDemoData } = await import('../../src/lib/server/seed/demo');
	const { ensureSigningEventPartitions } = await import('../../src/lib/server/db/partitions');
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1;
	if (!values.reuse || !exists) {
		await admin.query(`drop database if exists "${dbName}" with (force)`);
		await admin.query(`create database "${dbName}"`);
	}
	await admin.end();
	const handle = openPostgres(url.toString(), 4);
	const db = handle.db;
	if (!values.reuse || !exists) {
		const outcome = await migrateToLatest(db);
		if (outcome.error) throw outcome.error;
		console.log('seeding a small demo province (certificates, people, agencies to refer to) …');
		await seedDemoData(db, { scale: 0.1 });
	}
	const l = await lookups(db);
	await ensureSigningEventPartitions(
		db,
		new Date(START),
		new Date(START + Math.max(ROWS, API_EVENTS) * STEP)
	);
	await reset(db);
	console.log(
		`${ROWS.toLocaleString('en')} rows, ${l.certs.length} certificates (1% of events unknown), ${l.people.length} people`
	);

	if (values['api-only']) {
		await apiRounds(db, l);
		await handle.close();
		return;
	}
	const floorSeconds = await floor(db, l);
	const floorRate = ROWS / floorSeconds;
	console.log(
		`floor  COPY FROM STDIN (psql \\copy): ${floorSeconds.toFixed(1)} s, ${Math.round(floorRate).toLocaleString('en')} events/s`
	);
	await reset(db);

	const child = spawnSync(
		process.execPath,
		[
			'node_modules/tsx/dist/cli.mjs',
			'scripts/bench/import-api.ts',
			'--phase',
			'pipeline',
			'--rows',
			String(ROWS),
			'--api-events',
			String(API_EVENTS),
			...(values.recent ? ['--recent'] : [])
		],
		{ encoding: 'utf8', env: process.env, maxBuffer: 10 * 1024 * 1024 }
	);
	if (child.status !== 0) throw new Error(`pipeline phase failed: ${child.stderr}`);
	const p = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
		seconds: number;
		readSeconds: number;
		peakMb: number;
		inserted: number;
	};
	if (p.inserted !== ROWS) throw new Error(`pipeline stored ${p.inserted} of ${ROWS}: ${child.stdout}`);
	console.log(
		`pipeline all-or-nothing: ${p.seconds.toFixed(1)} s, ${Math.round(ROWS / p.seconds).toLocaleString('en')} events/s, ` +
			`ratio to the floor ${(floorSeconds / p.seconds).toFixed(2)} (target ≥ 0.5), peak RSS ${Math.round(p.peakMb)} MB (target < 300)`
	);
	console.log(
		`  of which reading, checking, resolving and staging ${p.readSeconds.toFixed(1)} s, the one transaction ${(p.seconds - p.readSeconds).toFixed(1)} s`
	);
	await reset(db);

	await apiRounds(db, l);
	await handle.close();
}

async function apiRounds(db: Kysely<Database>, l: Lookups): Promise<void> {
	for (const clients of [1, 2]) {
		const a = await api(db, l, clients);
		console.log(
			`API POST /api/v1/signing-events, batches of 5,000, ${clients === 1 ? 'one client' : `${clients} clients side by side`}: ` +
				`${a.events.toLocaleString('en')} events in ${a.seconds.toFixed(1)} s, ` +
				`${Math.round(a.events / a.seconds).toLocaleString('en')} events/s (target ≥ 20,000)`
		);
		await reset(db);
	}
}

if (values.phase === 'pipeline') await pipelineChild();
else await main();
