#!/usr/bin/env node
// Bundles the operator CLI (src/cli/main.ts and one entry per command) into dist/cli with esbuild (installed with
// vite), so that `kiem-ky` starts without compiling TypeScript. Code splitting keeps each command's dependencies in
// its own chunks: `kiem-ky verify` loads the PKI code, not the database drivers. Packages stay in node_modules.
// Writes dist/cli/commands.json (name → summary, for `kiem-ky --help` without loading any command) and
// dist/cli/inputs.json (the bundled sources, which bin/kiem-ky.js checks for being newer than the bundle).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from './esbuild-node.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist', 'cli');
const commands = readdirSync(path.join(root, 'src/cli/commands'))
	.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
	.sort();

rmSync(out, { recursive: true, force: true });
const result = await build({
	...nodeBundleOptions,
	absWorkingDir: root,
	entryPoints: ['src/cli/main.ts', ...commands.map((f) => `src/cli/commands/${f}`)],
	outdir: out,
	outbase: 'src/cli',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	metafile: true,
	logLevel: 'warning'
});

const summaries = {};
for (const f of commands) {
	const mod = await import(pathToFileURL(path.join(out, 'commands', f.replace(/\.ts$/, '.js'))).href);
	if (mod.command) summaries[f.replace(/\.ts$/, '')] = mod.command.summary;
}
writeFileSync(path.join(out, 'commands.json'), JSON.stringify(summaries, null, '\t') + '\n');
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
writeFileSync(path.join(out, 'inputs.json'), JSON.stringify(inputs) + '\n');
console.log(`[kiem-ky] CLI bundled: ${commands.length} commands, ${inputs.length} sources → dist/cli`);
process.exit(0);
