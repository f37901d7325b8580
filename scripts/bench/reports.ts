// Benchmark of the reports: (1) the quarterly usage report (SQL + workbook) on demo data at
// --scale N (default 10), and (2) a 1,000,000-row ad-hoc export of the signing-events list,
// rows per second and peak RSS, against the floor measured in the same run: exceljs's streaming
// WorkbookWriter writing the same rows from memory (no database, no styles). Each phase runs in
// its own child process so that peak RSS is that phase's alone. The database is a PGlite
// directory kept under tmp/bench-reports/ (seeding scale 10 takes minutes; later runs reuse it), or
// the PostgreSQL database DATABASE_URL names (seeded on first use).
// Run: npm run bench -- reports [--scale 10] [--rows 1000000]
//
// Each phase imports only what it runs (the seeder, the migrations and the report builders add
// ~80 MB of modules), so that a phase's peak RSS is its own work and the modules it needs.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/lib/server/db/connection';

const USAGE = `npx tsx scripts/bench/reports.ts [--scale 10] [--rows 1000000] [--skip-usage]
  --scale N       demo data scale for the quarterly usage report (seeded once; PGlite keeps it under tmp/bench-reports/)
  --rows N        rows of the ad-hoc export (bench signing events on one certificate, made once)
  --skip-usage    only the export and its floor
  DATABASE_URL    benchmark on that PostgreSQL database instead of PGlite (seeded on first use)`;

const { values } = parseArgs({
	options: {
		scale: { type: 'string', default: '10' },
		rows: { type: 'string', default: '1000000' },
		phase: { type: 'string' },
		'skip-usage': { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false }
	},
	allowPositionals: true
});
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const scale = Number(values.scale);
const rows = Number(values.rows);
const dataDir = `tmp/bench-reports/scale-${scale}`;
const BENCH_FROM = '2025-07-01';
const BENCH_TO = '2026-06-30';

/** The bench database: DATABASE_URL (PostgreSQL) when set, else a PGlite directory kept between runs. */
async function open(): Promise<DbHandle> {
	const { openPglite, openPostgres } = await import('../../src/lib/server/db/connection');
	const url = process.env.DATABASE_URL?.trim();
	return url ? openPostgres(url, 4) : openPglite({ dataDir });
}

function peakRssMb(): number {
	return process.resourceUsage().maxRSS / 1024;
}

async function prepare(): Promise<void> {
	const { migrateToLatest } = await import('../../src/lib/server/db/migrate');
	const { seedDemoData } = await import('../../src/lib/server/seed/demo');
	const h = await open();
	try {
		const m = await migrateToLatest(h.db);
		if (m.error) throw m.error;
		const n = await h.db
			.selectFrom('agencies')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		if (n.n === 0) {
			const t = performance.now();
			await seedDemoData(h.db, { scale });
			console.log(`seeded demo data at scale ${scale} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
		}
		// The export's rows: `rows` events on one certificate, spread over a year, made once.
		const have = await sql<{
			n: number;
		}>`select count(*)::int as n from signing_events where source_system = 'bench'`.execute(h.db);
		if (have.rows[0]!.n !== rows) {
			await sql`delete from signing_events where source_system = 'bench'`.execute(h.db);
			const cert = await h.db
				.selectFrom('certificates')
				.select('id')
				.orderBy('id')
				.limit(1)
				.executeTakeFirstOrThrow();
			const span =
				(Date.parse(`${BENCH_TO}T00:00:00+07:00`) - Date.parse(`${BENCH_FROM}T00:00:00+07:00`)) / 1000;
			await sql`insert into signing_events (signed_at, certificate_id, signing_form, document_number, channel, source_system, source_id)
				select ${`${BENCH_FROM}T00:00:00+07:00`}::timestamptz + make_interval(secs => (g::float8 * ${span} / ${rows})),
					${cert.id}, 'own', g::text || '/QĐ-BENCH', 'qlvb', 'bench', g::text
				from generate_series(1, ${rows}) g`.execute(h.db);
			console.log(`added ${rows} bench signing events on certificate ${cert.id}`);
		}
		// PGlite runs no autovacuum: without fresh statistics the planner hash-joins every event of the
		// range for each page of the list instead of walking the index (measured: 1.5 s vs 0.1 s a page).
		await sql`analyze`.execute(h.db);
	} finally {
		await h.close();
	}
}

async function certificateId(db: DbHandle['db']): Promise<number> {
	const r = await sql<{
		id: number;
	}>`select certificate_id as id from signing_events where source_system = 'bench' limit 1`.execute(db);
	return r.rows[0]!.id;
}

const exportParams = (cert: number) =>
	new URLSearchParams({ from: BENCH_FROM, to: BENCH_TO, certificate: String(cert) });

async function phaseUsage(): Promise<object> {
	const { generateUsageReport } = await import('../../src/lib/server/reports/generate');
	const h = await open();
	const last = await sql<{
		q: string;
	}>`select to_char(max(signed_at), 'YYYY') || '-Q' || to_char(max(signed_at), 'Q') as q
		from signing_events where source_system <> 'bench'`.execute(h.db);
	const period = last.rows[0]!.q;
	const t = performance.now();
	const r = await generateUsageReport(h.db, { period, recipient: 'ubnd', actor: 'bench' });
	const ms = performance.now() - t;
	await sql`delete from generated_reports where id = ${r.id}`.execute(h.db);
	await h.close();
	return { period, ms, bytes: r.sizeBytes, peakRssMb: peakRssMb() };
}

async function phaseExport(): Promise<object> {
	const { writeListExport } = await import('../../src/lib/server/reports/ad-hoc-export');
	const h = await open();
	const cert = await certificateId(h.db);
	const out = createWriteStream('tmp/bench-reports/export.xlsx');
	const t = performance.now();
	const r = await writeListExport(
		h.db,
		{ list: 'signing-events', params: exportParams(cert), scope: { kind: 'all' } },
		out
	);
	await finished(out);
	const s = (performance.now() - t) / 1000;
	await h.close();
	return { rows: r.rows, seconds: s, rowsPerSecond: r.rows / s, peakRssMb: peakRssMb() };
}

async function phaseFloor(): Promise<object> {
	const { default: ExcelJS } = await import('exceljs');
	const { findList, listRows } = await import('../../src/lib/server/reports/ad-hoc-export');
	const h = await open();
	const cert = await certificateId(h.db);
	const list = findList('signing-events');
	const filters = list.parseFilters(exportParams(cert));
	const keys = list.columns.map((c) => c.key);
	const data: unknown[][] = [];
	for await (const row of listRows(h.db, { kind: 'all' }, list, filters)) data.push(keys.map((k) => row[k]));
	await h.close();
	const before = peakRssMb();
	const out = createWriteStream('tmp/bench-reports/floor.xlsx');
	const t = performance.now();
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: false,
		useSharedStrings: false
	});
	const ws = wb.addWorksheet('floor');
	for (const values of data) ws.addRow(values).commit();
	ws.commit();
	await wb.commit();
	await finished(out);
	const s = (performance.now() - t) / 1000;
	return {
		rows: data.length,
		seconds: s,
		rowsPerSecond: data.length / s,
		peakRssMbIncludingRowsInMemory: peakRssMb(),
		rssBeforeWritingMb: before
	};
}

function child(phase: string): Record<string, number> {
	const r = spawnSync(
		process.execPath,
		[
			'node_modules/tsx/dist/cli.mjs',
			'scripts/bench/reports.ts',
			'--phase',
			phase,
			'--scale',
			String(scale),
			'--rows',
			String(rows)
		],
		{
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
			maxBuffer: 1 << 20
		}
	);
	if (r.status !== 0) throw new Error(`phase ${phase} failed`);
	return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

async function main(): Promise<void> {
	if (values.phase) {
		const phases: Record<string, () => Promise<object>> = {
			usage: phaseUsage,
			export: phaseExport,
			floor: phaseFloor
		};
		console.log(JSON.stringify(await phases[values.phase]!()));
		return;
	}
	await prepare();
	if (!values['skip-usage']) {
		const usage = child('usage');
		console.log(
			`quarterly usage report (${usage.period}), scale ${scale}: ${(usage.ms! / 1000).toFixed(2)} s, ${usage.bytes} bytes, peak RSS ${usage.peakRssMb!.toFixed(0)} MB`
		);
	}
	const ours = child('export');
	const floor = child('floor');
	const f = (n: number) => Math.round(n).toLocaleString('en-US');
	console.log(
		`ad-hoc export, ${f(ours.rows!)} rows: ${f(ours.rowsPerSecond!)} rows/s, ${ours.seconds!.toFixed(1)} s, peak RSS ${ours.peakRssMb!.toFixed(0)} MB`
	);
	console.log(
		`floor (exceljs WorkbookWriter from memory): ${f(floor.rowsPerSecond!)} rows/s, ${floor.seconds!.toFixed(1)} s`
	);
	console.log(
		`ratio ours/floor: ${(ours.rowsPerSecond! / floor.rowsPerSecond!).toFixed(2)} (target >= 0.5); peak RSS ${ours.peakRssMb!.toFixed(0)} MB (target < 300 MB)`
	);
	rmSync('tmp/bench-reports/export.xlsx', { force: true });
	rmSync('tmp/bench-reports/floor.xlsx', { force: true });
}

if (!existsSync('package.json')) throw new Error('run from the repository root');
// On PostgreSQL nothing else creates the folder the workbooks are written to.
mkdirSync('tmp/bench-reports', { recursive: true });
await main();
