// `kiem-ky verify` without --db must start with the PKI code only: the static import closure of its module (what
// loads before the command runs; `await import()` is lazy) reaches no database driver, workbook library, SvelteKit
// or server module. The closure is read from the sources, so a new static import of one of them fails here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const HEAVY =
	/^(kysely|kysely-pglite-dialect|pg|@electric-sql\/pglite|exceljs|@sveltejs\/kit|svelte|\$app\/|\$env\/|node-cron|pino)/;

function staticImports(text: string): string[] {
	return [
		...text.matchAll(
			/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g
		)
	].map((m) => (m[1] ?? m[2])!);
}

function closure(entry: string): { files: string[]; packages: Map<string, string> } {
	const files = new Set<string>();
	const packages = new Map<string, string>();
	const visit = (file: string) => {
		if (files.has(file)) return;
		files.add(file);
		for (const spec of staticImports(readFileSync(file, 'utf8'))) {
			if (spec.startsWith('.') || spec.startsWith('$lib/')) {
				const base = spec.startsWith('$lib/')
					? resolve('src/lib', spec.slice(5))
					: resolve(dirname(file), spec);
				const p = base.replace(/\.(js|ts)$/, '');
				visit(existsSync(`${p}.ts`) ? `${p}.ts` : resolve(p, 'index.ts'));
			} else if (!packages.has(spec)) packages.set(spec, relative('.', file));
		}
	};
	visit(resolve(entry));
	return { files: [...files].map((f) => relative('.', f)), packages };
}

describe('kiem-ky verify start-up imports', () => {
	const { files, packages } = closure('src/cli/commands/verify.ts');

	it('reads the closure (the verifier is in it)', () => {
		expect(files).toContain('src/lib/pki/verifier.ts');
		expect(packages.has('pkijs')).toBe(true);
	});

	it('loads no database, workbook, SvelteKit or server module before the command runs', () => {
		expect([...packages].filter(([p]) => HEAVY.test(p))).toEqual([]);
		expect(files.filter((f) => f.startsWith('src/lib/server/'))).toEqual([]);
	});

	it('would see a planted heavy import', () => {
		expect(staticImports("import { Kysely } from 'kysely';\nimport type { X } from 'pg';")).toEqual([
			'kysely'
		]);
	});
});
