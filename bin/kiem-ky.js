#!/usr/bin/env node
// The operator command line. It runs the bundle that `npm run build` writes to dist/cli (scripts/build-cli.js), so
// that no TypeScript is compiled at start-up; from a fresh clone, or when a source the bundle was built from is
// newer than it, it runs the TypeScript sources through tsx instead and says so in one line.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.js');

/** Why the bundle cannot be used, or null when it is there and no newer than its sources. */
function bundleProblem() {
	let builtAt;
	try {
		builtAt = statSync(bundle).mtimeMs;
	} catch {
		return 'chưa build (dist/cli)';
	}
	try {
		const inputs = JSON.parse(readFileSync(path.join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
		for (const p of [...inputs, 'package.json']) {
			const m = statSync(path.join(root, p), { throwIfNoEntry: false })?.mtimeMs;
			if (m === undefined || m > builtAt) return `mã nguồn mới hơn bản build (${p})`;
		}
	} catch {
		return 'bản build thiếu danh sách mã nguồn';
	}
	return null;
}

const problem = process.env.KIEMKY_CLI_SOURCES === '1' ? 'KIEMKY_CLI_SOURCES=1' : bundleProblem();
let main;
if (problem === null) ({ main } = await import(pathToFileURL(bundle).href));
else {
	if (process.env.KIEMKY_CLI_SOURCES !== '1')
		console.error(
			`[kiem-ky] chạy từ mã nguồn TypeScript (chậm hơn): ${problem}; chạy npm run build để tăng tốc`
		);
	const { register } = await import('tsx/esm/api');
	register();
	({ main } = await import('../src/cli/main.ts'));
}
// Exit explicitly once a command is done: a database driver's leftover promise (PGlite's WASM after
// an early close) must not keep an operator's shell waiting. `serve` never resolves, so it keeps running.
process.exit(await main(process.argv.slice(2)));
