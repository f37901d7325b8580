// src/lib/pki has no import cycle: every relative import (type-only ones included, so that a cycle cannot hide
// behind `import type` and turn into a runtime one with the next edit) is read from the sources, and the graph is
// searched depth-first. A planted cycle shows that the search finds one.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve('src/lib/pki');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
	);
}

/** Relative import and re-export targets of a module, resolved to files. */
function importsOf(file: string, text: string): string[] {
	const out: string[] = [];
	for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g))
		out.push(resolveModule(dirname(file), m[1]!));
	for (const m of text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g))
		out.push(resolveModule(dirname(file), m[1]!));
	return out;
}

function resolveModule(from: string, spec: string): string {
	const p = resolve(from, spec.replace(/\.(js|ts)$/, ''));
	return allFiles.has(`${p}.ts`) ? `${p}.ts` : join(p, 'index.ts');
}

const allFiles = new Set(sources(root));

function findCycle(graph: Map<string, string[]>): string[] | null {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (n: string): string[] | null => {
		if (state.get(n) === 'done') return null;
		if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
		state.set(n, 'open');
		stack.push(n);
		for (const m of graph.get(n) ?? []) {
			const c = visit(m);
			if (c) return c;
		}
		stack.pop();
		state.set(n, 'done');
		return null;
	};
	for (const n of graph.keys()) {
		const c = visit(n);
		if (c) return c;
	}
	return null;
}

describe('src/lib/pki imports', () => {
	const graph = new Map(
		[...allFiles].map((f) => [f, importsOf(f, readFileSync(f, 'utf8')).filter((x) => allFiles.has(x))])
	);

	it('reads the edges (verifier.ts imports the CMS and PDF verifiers)', () => {
		expect(graph.get(join(root, 'verifier.ts'))).toEqual(
			expect.arrayContaining([join(root, 'cms-verifier.ts'), join(root, 'pdf-verifier.ts')])
		);
	});

	it('has no cycle', () => {
		const cycle = findCycle(graph);
		expect(cycle?.map((f) => relative(root, f)) ?? null).toBeNull();
	});

	it('finds a planted cycle', () => {
		const planted = new Map(graph);
		const pdf = join(root, 'pdf-verifier.ts');
		planted.set(pdf, [...(graph.get(pdf) ?? []), join(root, 'verifier.ts')]);
		expect(findCycle(planted)?.map((f) => relative(root, f))).toEqual(
			expect.arrayContaining(['verifier.ts', 'pdf-verifier.ts'])
		);
	});
});
