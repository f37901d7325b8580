// `npm run bench -- seed [--scale 10] [--no-verify]`: seeds the demo province into a fresh PostgreSQL
// database (DATABASE_URL names the server; the database is kk_bench_seed, or BENCH_DB, dropped and
// created again), prints each phase of the seed with its time and the machine's load average, then checks
// the roll-ups against the events as `kiem-ky summary verify` does (exit 1 when they differ). It asserts
// nothing about time.
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openPostgres } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedDemoData } from '../../src/lib/server/seed/demo';
import { verifyRollups } from '../../src/lib/server/rollups/rollups';

const { values } = parseArgs({
	options: { scale: { type: 'string', default: '10' }, 'no-verify': { type: 'boolean', default: false } }
});
const base = process.env.DATABASE_URL;
if (!base) {
	console.error('bench seed: DATABASE_URL (PostgreSQL) is required');
	process.exit(2);
}
const scale = Number(values.scale);
const dbName = process.env.BENCH_DB ?? 'kk_bench_seed';
const url = new URL(base);
url.pathname = `/${dbName}`;
const load = () =>
	loadavg()
		.map((x) => x.toFixed(1))
		.join(' ');

const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`drop database if exists "${dbName}" with (force)`);
await admin.query(`create database "${dbName}"`);
await admin.end();

const handle = openPostgres(url.toString(), 4);
try {
	const outcome = await migrateToLatest(handle.db);
	if (outcome.error) throw outcome.error;
	console.log(`seeding ${dbName} at scale ${scale} (load average ${load()})`);
	const t0 = performance.now();
	const summary = await seedDemoData(handle.db, {
		scale,
		log: (m) => console.log(`  ${m} [load ${load()}]`)
	});
	const seconds = (performance.now() - t0) / 1000;
	console.log(
		`seeded in ${seconds.toFixed(1)} s: ${summary.signing_events} events, ${summary.certificates} certificates (load average ${load()})`
	);
	if (!values['no-verify']) {
		const t1 = performance.now();
		const diffs = await verifyRollups(handle.db);
		console.log(
			`summary verify: ${diffs.length} differences (${((performance.now() - t1) / 1000).toFixed(1)} s)`
		);
		for (const d of diffs.slice(0, 10)) console.log(`  ${d.table} ${d.key}: ${d.expected} ≠ ${d.stored}`);
		if (diffs.length) process.exitCode = 1;
	}
} finally {
	await handle.close();
}
