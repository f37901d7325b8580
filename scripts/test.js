#!/usr/bin/env node
// `npm test`: lint, formatting (Prettier), type checks, unit and integration tests on PGlite, the integration tests
// again on PostgreSQL when DATABASE_URL is set, the build, and the end-to-end tests in Chromium.
// Ends with one line "tests: N passed, M failed" counted over every stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const node = process.execPath;
const stages = [
	{ name: 'lint', cmd: [node, 'node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'] },
	{
		name: 'format',
		cmd: [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']
	},
	{
		name: 'svelte-check',
		cmd: [
			node,
			'node_modules/svelte-check/bin/svelte-check',
			'--tsconfig',
			'./tsconfig.json',
			'--fail-on-warnings'
		]
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
		results: 'tmp/results/vitest-pglite.json'
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
		results: 'tmp/results/vitest-postgres.json'
	});
} else {
	console.log('DATABASE_URL is not set: integration tests run on PGlite only.');
}
stages.push({ name: 'build', cmd: [node, 'node_modules/vite/bin/vite.js', 'build'] });
stages.push({
	name: 'e2e (Chromium)',
	cmd: [node, 'scripts/e2e.js'],
	results: 'tmp/results/e2e.json',
	playwright: true
});

rmSync('tmp/results', { recursive: true, force: true });
mkdirSync('tmp/results', { recursive: true });
spawnSync(node, ['node_modules/@sveltejs/kit/svelte-kit.js', 'sync'], { stdio: 'inherit' });

let passed = 0;
let failed = 0;
const failedStages = [];
for (const stage of stages) {
	console.log(`\n=== ${stage.name} ===`);
	const started = Date.now();
	const r = spawnSync(stage.cmd[0], stage.cmd.slice(1), {
		stdio: 'inherit',
		env: { ...process.env, ...stage.env }
	});
	const secs = ((Date.now() - started) / 1000).toFixed(1);
	const ok = r.status === 0;
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
	console.log(`=== ${stage.name}: ${ok ? 'ok' : 'FAILED'} (${secs} s) ===`);
}

console.log(failedStages.length ? `\nFailed stages: ${failedStages.join(', ')}` : '\nAll stages passed.');
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedStages.length ? 1 : 0);
