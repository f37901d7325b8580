#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs scripts/bench/<name>.ts (verify, reports, scans, …);
// with no name, lists them. Benchmarks print figures and ratios against a baseline measured in
// the same run; they assert nothing about wall-clock time.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = 'scripts/bench';
const available = existsSync(dir)
	? readdirSync(dir)
			.filter((f) => f.endsWith('.ts'))
			.map((f) => f.slice(0, -3))
			.sort()
	: [];
const [name, ...rest] = process.argv.slice(2);
if (!name) {
	console.log(`Usage: npm run bench -- <name> [args]\nBenchmarks: ${available.join(', ') || '(none)'}`);
	process.exit(0);
}
if (!available.includes(name)) {
	console.error(`bench: no benchmark "${name}". Available: ${available.join(', ')}`);
	process.exit(2);
}
// tsx as a loader in this one process (`--import tsx`), not its CLI: the CLI runs the script in a child process
// without the node flags given here, so `--expose-gc` (and any V8 flag tried on a benchmark) never reached it.
const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}/${name}.ts`, ...rest], {
	stdio: 'inherit'
});
process.exit(r.status ?? 1);
