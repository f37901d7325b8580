// `npm run bench -- import-files [--rows N] [--mode all-or-nothing|valid-rows] [--heap MB] [--skip-import]`: a
// signing-event export of N rows (default 1,000,000) as CSV and as XLSX (exceljs's streaming
// WorkbookWriter), each read by the readers alone, then imported end to end (readers, mapping and
// the ingestion pipeline) into PostgreSQL (DATABASE_URL, a database of its own) or else PGlite
// (a temporary data directory, whose memory then counts in the import's RSS). Every phase runs in
// a process of its own and reports its rows/s and peak RSS (target: under 300 MB). On PostgreSQL
// the floor is measured in the same run: COPY FROM (psql \copy) of the same rows into the same
// table, and the CSV import's ratio to it is printed (target: at least 0.5). --heap caps V8's old
// space in the measured phases: peak RSS is mostly garbage V8 has not yet collected, and the cap
// shows how much the import really holds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedDemoData } from '../../src/lib/server/seed/demo';
import type { PhaseArgs } from './import-files/phase';

const { values } = parseArgs({
	options: {
		rows: { type: 'string', default: '1000000' },
		mode: { type: 'string', default: 'all-or-nothing' },
		'skip-import': { type: 'boolean', default: false },
		/** V8's old-space cap for the measured phases (--max-old-space-size), in MB; unset: V8's default. */
		heap: { type: 'string' }
	}
});
const heapFlags = values.heap ? [`--max-old-space-size=${Number(values.heap)}`] : [];
const rows = Number(values.rows);
const mode = values.mode === 'valid-rows' ? 'valid-rows' : 'all-or-nothing';
const RSS_LIMIT_MB = 300;
const work = mkdtempSync(path.join(tmpdir(), 'kiemky-bench-import-'));
const files = {
	csv: path.join(work, 'ky-so.csv'),
	xlsx: path.join(work, 'ky-so.xlsx'),
	copy: path.join(work, 'copy.csv')
};

function phase(args: PhaseArgs): Record<string, number | string | boolean> {
	const r = spawnSync(
		process.execPath,
		[
			...(args.phase === 'generate' ? [] : heapFlags),
			'--import',
			'tsx',
			'scripts/bench/import-files/phase.ts',
			JSON.stringify(args)
		],
		{
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
			maxBuffer: 16 * 1024 * 1024
		}
	);
	if (r.status !== 0) throw new Error(`phase ${args.phase} failed (exit ${r.status})`);
	return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number | string | boolean>;
}

/** A database of its own: PostgreSQL's kiemky_bench_import, or PGlite in the work directory. */
async function prepareDatabase(): Promise<{ db: PhaseArgs['db']; handle: DbHandle }> {
	const base = process.env.DATABASE_URL;
	if (base) {
		const name = 'kiemky_bench_import';
		const admin = new pg.Client({ connectionString: base });
		await admin.connect();
		await admin.query(`drop database if exists "${name}" with (force)`);
		await admin.query(`create database "${name}"`);
		await admin.end();
		const url = new URL(base);
		url.pathname = `/${name}`;
		return { db: { url: url.toString() }, handle: openPostgres(url.toString(), 4) };
	}
	const pgliteDir = path.join(work, 'pglite');
	return { db: { pgliteDir }, handle: await openPglite({ dataDir: pgliteDir }) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (label: string, r: Record<string, number | string | boolean>) => {
	const n = Number(r.rows);
	const s = Number(r.seconds);
	const rss =
		r.peakRssMb === undefined
			? ''
			: `, peak RSS ${r.peakRssMb} MB ${Number(r.peakRssMb) < RSS_LIMIT_MB ? '(< 300 MB: ok)' : '(OVER 300 MB)'}`;
	console.log(`${label.padEnd(28)} ${fmt(n)} rows in ${s.toFixed(1)} s = ${fmt(n / s)} rows/s${rss}`);
};

try {
	console.log(
		`import-files: ${fmt(rows)} rows, mode ${mode}, ${values.heap ? `V8 old space capped at ${values.heap} MB` : "V8's default heap"}, work dir ${work}`
	);
	let refs: PhaseArgs['refs'] = { fingerprints: ['ab'.repeat(32)], agencyCodes: ['SYT'] };
	let db: PhaseArgs['db'];
	if (!values['skip-import']) {
		const prepared = await prepareDatabase();
		db = prepared.db;
		const outcome = await migrateToLatest(prepared.handle.db);
		if (outcome.error) throw outcome.error;
		await seedDemoData(prepared.handle.db, { scale: 0.05 });
		const certs = await prepared.handle.db
			.selectFrom('certificates')
			.select(['id', 'fingerprint_sha256'])
			.limit(50)
			.execute();
		const agencies = await prepared.handle.db
			.selectFrom('agencies')
			.select(['id', 'code'])
			.limit(20)
			.execute();
		refs = {
			fingerprints: certs.map((c) => c.fingerprint_sha256),
			certificateIds: certs.map((c) => c.id),
			agencyCodes: agencies.map((a) => a.code),
			agencyIds: agencies.map((a) => a.id)
		};
		await prepared.handle.db.deleteFrom('signing_events').execute();
		await prepared.handle.close();
		console.log(
			`database: ${db!.url ? 'PostgreSQL (kiemky_bench_import)' : 'PGlite (its memory counts in the import RSS)'}; ${certs.length} certificates, ${agencies.length} agencies`
		);
	}

	const gen = phase({ phase: 'generate', files, rows, refs });
	console.log(
		`generated: CSV ${fmt(statSync(files.csv).size / 1e6)} MB in ${Number(gen.csvSeconds).toFixed(1)} s, ` +
			`XLSX ${fmt(statSync(files.xlsx).size / 1e6)} MB in ${Number(gen.xlsxSeconds).toFixed(1)} s (exceljs WorkbookWriter)`
	);

	console.log('\nreaders alone (decode, parse, map every row to a record; nothing stored):');
	line('  CSV', phase({ phase: 'readers', file: files.csv }));
	line('  XLSX', phase({ phase: 'readers', file: files.xlsx }));

	if (!values['skip-import']) {
		let floor: Record<string, number | string | boolean> | null = null;
		if (db!.url) {
			floor = phase({ phase: 'copy', file: files.copy, db });
			console.log(`\nfloor: ${floor.method}`);
			line('  COPY FROM', floor);
		}
		console.log(`\nend to end (readers, mapping, ingestion pipeline, ${mode}):`);
		const csv = phase({ phase: 'import', file: files.csv, db, mode });
		line('  CSV import', csv);
		const xlsx = phase({ phase: 'import', file: files.xlsx, db, mode });
		line('  XLSX import', xlsx);
		for (const [name, r] of [
			['CSV', csv],
			['XLSX', xlsx]
		] as const)
			if (r.inserted !== rows)
				console.log(`  note: ${name} inserted ${r.inserted} of ${rows} (rejected ${r.rejected})`);
		if (floor) {
			const ratio = Number(csv.rows) / Number(csv.seconds) / (Number(floor.rows) / Number(floor.seconds));
			console.log(`\nCSV import / COPY floor: ${ratio.toFixed(3)} (target >= 0.5)`);
		} else console.log('\n(no DATABASE_URL: the COPY floor and the ratio need PostgreSQL)');
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
