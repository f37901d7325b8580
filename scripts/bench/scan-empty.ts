// `npm run bench -- scan-empty`: an incremental misuse-scan run with nothing new to read, five
// times, on BENCH_DB (DATABASE_URL names the server): what a run costs before it reads anything
// (the runner's bookkeeping, the range, the three groups' transactions). It asserts nothing.
import { loadavg } from 'node:os';
import { openPostgres } from '../../src/lib/server/db/connection';
import { JobRunner } from '../../src/lib/jobs/runner';
import { JOBS } from '../../src/lib/jobs/registry';

const base = process.env.DATABASE_URL;
const dbName = process.env.BENCH_DB;
if (!base || !dbName) {
	console.error('bench scan-empty: DATABASE_URL and BENCH_DB are required');
	process.exit(2);
}
const url = new URL(base);
url.pathname = `/${dbName}`;
const handle = openPostgres(url.toString(), 4);
const runner = new JobRunner({ db: handle.db, jobs: JOBS, instanceId: 'bench', log: () => undefined });
const times: number[] = [];
for (let i = 0; i < 5; i++) {
	const id = (await runner.enqueue('misuse-scan', { trigger: 'cli', payload: {} }))!;
	const t0 = performance.now();
	const run = await runner.runQueued(id);
	times.push(performance.now() - t0);
	if (run?.status !== 'succeeded') throw new Error(`misuse-scan: ${run?.status} ${run?.error}`);
}
console.log(`empty incremental misuse-scan: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
console.log(
	`load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`
);
await handle.close();
