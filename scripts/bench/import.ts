// `npm run bench -- import [--rows N]`: the two halves of issue 11's benchmark in one run, each
// in its own process so that each one's peak RSS is its own:
//  - import-files: a 1,000,000-row CSV and XLSX export through the readers and the pipeline, with
//    the CSV's ratio to PostgreSQL COPY FROM of the same rows;
//  - import-api: the pipeline fed 1,000,000 records against the COPY floor, and the JSON API in
//    batches of 5,000 (events/s).
// Both need DATABASE_URL (PostgreSQL) for the floor; each prints its own figures.
import { spawnSync } from 'node:child_process';

const rest = process.argv.slice(2);
let failed = 0;
for (const part of ['import-files', 'import-api']) {
	console.log(`\n=== bench ${part} ===`);
	// As scripts/bench.js: tsx as a loader, so that the node flags reach the script.
	const r = spawnSync(
		process.execPath,
		['--expose-gc', '--import', 'tsx', `scripts/bench/${part}.ts`, ...rest],
		{ stdio: 'inherit' }
	);
	if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
