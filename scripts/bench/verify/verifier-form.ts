// Which form of the verifier the benchmark measures. By default the shipped form: verifier-entry.ts bundled with
// esbuild and the options scripts/build-cli.js bundles the CLI with (scripts/esbuild-node.js: one module, no
// keepNames), into a temporary folder, imported as plain JavaScript (tsx leaves .mjs files as they are). The CLI
// ships that way, and the server's vite build does not keep names either. With --sources, the TypeScript sources as
// tsx runs them: esbuild's per-file transform with keepNames, so every named closure also gets an
// Object.defineProperty of its name when it is made, and each module is its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../esbuild-node.js';

export type VerifierModule = typeof import('./verifier-entry');
export type VerifierForm = 'bundle' | 'sources';

export const FORM_LABEL: Record<VerifierForm, string> = {
	bundle: 'verifier bundled with esbuild as scripts/build-cli.js ships it',
	sources: 'verifier from the TypeScript sources through tsx (keepNames transform per file)'
};

export async function loadVerifier(form: VerifierForm): Promise<VerifierModule> {
	if (form === 'sources') return import('./verifier-entry');
	const root = resolve(import.meta.dirname, '../../..');
	const out = mkdtempSync(join(tmpdir(), 'kiemky-bench-verifier-'));
	try {
		const file = join(out, 'verifier.mjs');
		await build({
			...nodeBundleOptions,
			absWorkingDir: root,
			entryPoints: ['scripts/bench/verify/verifier-entry.ts'],
			outfile: file,
			logLevel: 'warning'
		});
		return (await import(pathToFileURL(file).href)) as VerifierModule;
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
}
