#!/usr/bin/env node
// `npm test`: lint, formatting (Prettier), type checks, unit and integration tests on PGlite, the integration tests
// again on PostgreSQL when DATABASE_URL is set, the build, and the end-to-end tests in Chromium.
// Ends with one line "tests: N passed, M failed" counted over every stage.
//
// Stages run side by side where they can (docs/testing.md): the end-to-end tests mostly wait on the browser and
// the server, and lint, Prettier and svelte-check use one core each, so on a 2-core machine running them one after
// the other left a core idle much of the time. A stage starts once the stages it needs are done:
//   - the end-to-end tests need the build;
//   - lint and svelte-check read .svelte-kit/, which the build rewrites, so they start after it (vitest writes
//     its own copy, .svelte-kit/vitest-*: svelte.config.js);
//   - the PostgreSQL run waits for the build too, which would otherwise share the cores with both vitest runs
//     and hold up the end-to-end tests, the longest chain.
// The output of each stage goes to tmp/logs/<stage>.log and is printed whole when the stage ends, so that the
// stages' lines do not interleave. KIEMKY_TEST_SERIAL=1 runs the stages one at a time with live output instead.
import { spawn, spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';

const node = process.execPath;
const serial = process.env.KIEMKY_TEST_SERIAL === '1';

// Lint, Prettier and svelte-check run at a lower priority (`nice` 10): they wait on nothing, so they
// can take the cycles the test runs leave while those wait on the database, the browser or the
// server; at equal priority they slowed the longest chain (the vitest runs, the end-to-end tests) by
// minutes on 2 cores. The vitest runs sit in between (`nice` 5): the end-to-end tests run a server and a
// browser against timeouts, and when they shared the cores equally with four vitest workers a CI run on a
// loaded machine took 923 s over them (295 s on a quiet one) and one of them failed.
/** @type {{ name: string, cmd: string[], env?: Record<string, string>, results?: string, playwright?: boolean, nice?: number, needs: string[] }[]} */
const stages = [
	{ name: 'build', cmd: [node, 'node_modules/vite/bin/vite.js', 'build'], needs: [] },
	// The CLI bundle (dist/cli), so that the conformance run after the tests starts without tsx.
	{ name: 'build (CLI)', cmd: [node, 'scripts/build-cli.js'], needs: [] },
	{
		name: 'format',
		cmd: [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
		nice: 10,
		needs: []
	},
	{
		name: 'e2e (Chromium)',
		cmd: [node, 'scripts/e2e.js'],
		results: 'tmp/results/e2e.json',
		playwright: true,
		needs: ['build']
	},
	{
		name: 'lint',
		cmd: [node, 'node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'],
		nice: 10,
		needs: ['build']
	},
	{
		name: 'svelte-check',
		cmd: [
			node,
			'node_modules/svelte-check/bin/svelte-check',
			'--tsconfig',
			'./tsconfig.json',
			'--fail-on-warnings'
		],
		nice: 10,
		needs: ['build']
	},
	{
		name: 'vitest (PGlite)',
		cmd: [
			node,
			'node_modules/vitest/vitest.mjs',
			'run',
			'--reporter=default',
			'--reporter=json',
			'--outputFile.json=tmp/results/vitest-pglite.json'
		],
		env: { TEST_DB: 'pglite' },
		nice: 5,
		results: 'tmp/results/vitest-pglite.json',
		needs: []
	}
];
if (process.env.DATABASE_URL) {
	stages.push({
		name: 'vitest (PostgreSQL)',
		cmd: [
			node,
			'node_modules/vitest/vitest.mjs',
			'run',
			'tests/integration',
			'--reporter=default',
			'--reporter=json',
			'--outputFile.json=tmp/results/vitest-postgres.json'
		],
		env: { TEST_DB: 'postgres' },
		nice: 5,
		results: 'tmp/results/vitest-postgres.json',
		needs: ['build']
	});
} else {
	console.log('DATABASE_URL is not set: integration tests run on PGlite only.');
}

rmSync('tmp/results', { recursive: true, force: true });
rmSync('tmp/logs', { recursive: true, force: true });
mkdirSync('tmp/results', { recursive: true });
mkdirSync('tmp/logs', { recursive: true });
spawnSync(node, ['node_modules/@sveltejs/kit/svelte-kit.js', 'sync'], { stdio: 'inherit' });

const slug = (name) =>
	name
		.replace(/[^a-z0-9]+/gi, '-')
		.replace(/-$/, '')
		.toLowerCase();
/**
 * CPU seconds of the children reaped so far, with their own reaped descendants (/proc/self/stat's cutime and
 * cstime, in ticks of 1/100 s): read when a stage ends, the difference is that stage's CPU. NaN off Linux.
 */
function reapedCpu() {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[13]) + Number(fields[14])) / 100;
	} catch {
		return Number.NaN;
	}
}

/**
 * How fast this machine is, before any stage starts, so that CI times from different machines can be compared
 * (docs/testing.md: .ci/run took 8.5 min on the machine of 05/12/2026 and 17.6 min on a slower one the next day,
 * with little changed in between): Node's start, and SHA-256 over 64 MB in this process.
 */
function machineSpeed() {
	const starts = Array.from({ length: 5 }, () => {
		const t = performance.now();
		spawnSync(node, ['-e', '0']);
		return performance.now() - t;
	}).sort((a, b) => a - b);
	const block = Buffer.alloc(64 << 20, 1);
	const hashes = Array.from({ length: 3 }, () => {
		const t = performance.now();
		createHash('sha256').update(block).digest();
		return performance.now() - t;
	}).sort((a, b) => a - b);
	return `node -e 0 in ${starts[2].toFixed(0)} ms (median of 5), SHA-256 of 64 MB in ${hashes[0].toFixed(0)} ms (best of 3)`;
}
console.log(`machine: ${machineSpeed()}`);

let cpuSeen = reapedCpu();
const cpuAtStart = cpuSeen;
const t0 = Date.now();
const clock = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;

/** Runs one stage; resolves with whether it passed and how long it took. */
function run(stage) {
	return new Promise((resolve) => {
		const started = Date.now();
		const log = `tmp/logs/${slug(stage.name)}.log`;
		const out = serial ? null : createWriteStream(log);
		if (serial) console.log(`\n=== ${stage.name} ===`);
		else console.log(`[${clock()}] started ${stage.name} (output: ${log})`);
		const child = spawn(stage.cmd[0], stage.cmd.slice(1), {
			stdio: serial ? 'inherit' : ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, ...stage.env }
		});
		if (stage.nice && child.pid && !serial) {
			try {
				setPriority(child.pid, stage.nice);
			} catch {
				// Not allowed here: the stage runs at the usual priority.
			}
		}
		child.stdout?.pipe(out, { end: false });
		child.stderr?.pipe(out, { end: false });
		child.on('error', (e) => out?.write(`could not start: ${e.message}\n`));
		child.on('close', (code) => {
			const finish = () => {
				const secs = (Date.now() - started) / 1000;
				const cpuNow = reapedCpu();
				const cpu = cpuNow - cpuSeen;
				cpuSeen = cpuNow;
				if (!serial) {
					console.log(`\n=== ${stage.name} ===`);
					process.stdout.write(readFileSync(log, 'utf8'));
				}
				console.log(`=== ${stage.name}: ${code === 0 ? 'ok' : 'FAILED'} (${secs.toFixed(1)} s) ===`);
				resolve({ ok: code === 0, secs, cpu });
			};
			if (out) out.end(finish);
			else finish();
		});
	});
}

const outcome = new Map();
async function runAll() {
	if (serial) {
		for (const stage of stages) outcome.set(stage.name, await run(stage));
		return;
	}
	const pending = new Set(stages);
	const running = new Map();
	while (pending.size || running.size) {
		for (const stage of [...pending]) {
			if (!stage.needs.every((n) => outcome.has(n) || !stages.some((s) => s.name === n))) continue;
			pending.delete(stage);
			running.set(
				stage.name,
				run(stage).then((r) => {
					outcome.set(stage.name, r);
					running.delete(stage.name);
				})
			);
		}
		await Promise.race(running.values());
	}
}
await runAll();

let passed = 0;
let failed = 0;
const failedStages = [];
console.log("\nStage times (wall time overlaps; CPU is each stage's own processes; see docs/testing.md):");
for (const stage of stages) {
	const { ok, secs, cpu } = outcome.get(stage.name);
	console.log(
		`  ${stage.name.padEnd(22)} ${ok ? 'ok    ' : 'FAILED'} ${secs.toFixed(1).padStart(6)} s  ${cpu.toFixed(0).padStart(5)} s CPU`
	);
	if (stage.results && existsSync(stage.results)) {
		const json = JSON.parse(readFileSync(stage.results, 'utf8'));
		if (stage.playwright) {
			passed += json.stats?.expected ?? 0;
			failed += (json.stats?.unexpected ?? 0) + (json.stats?.flaky ?? 0);
		} else {
			passed += json.numPassedTests ?? 0;
			failed += json.numFailedTests ?? 0;
		}
	}
	if (!ok) {
		failedStages.push(stage.name);
		// A stage that failed without test results (lint, types, build, missing browser) counts as one failure.
		if (!stage.results || !existsSync(stage.results)) failed += 1;
	}
}
console.log(
	`  ${'total'.padEnd(22)}        ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${(reapedCpu() - cpuAtStart).toFixed(0).padStart(5)} s CPU`
);
// Not counted: PostgreSQL's server, and processes a stage leaves for others to reap (during the end-to-end
// tests on 06/12/2026 the stage counted 186 s of CPU and the machine spent 605 s: Chromium, the server's database).

console.log(failedStages.length ? `\nFailed stages: ${failedStages.join(', ')}` : '\nAll stages passed.');
// Exit once stdout has taken everything: on a pipe (CI's `npm test | tee`) Node writes asynchronously, and
// process.exit() would drop what is still queued, the stages' echoed logs and this last line with them.
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`, () =>
	process.exit(failedStages.length ? 1 : 0)
);
