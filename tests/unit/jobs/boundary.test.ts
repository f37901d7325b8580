// Jobs own their boundary. The jobs page (/tac-vu) reads the catalogue (names, labels, schedules,
// payload schemas) and never loads a job handler, the runner or the PKI engine, not even lazily;
// and a run can only be queued through the enqueue path (enqueue.ts, which validates the payload)
// or, for retries and continuations, by run-outcomes.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { ROOT, chain, moduleGraph } from './module-graph';

const JOBS_PAGE = [
	'src/routes/+layout.server.ts',
	'src/routes/+layout.svelte',
	'src/routes/tac-vu/+page.server.ts',
	'src/routes/tac-vu/+page.svelte',
	'src/routes/tac-vu/[id]/+page.server.ts',
	'src/routes/tac-vu/[id]/+page.svelte'
];

const PKI_PACKAGES = /^(@peculiar\/|pkijs$|asn1js$)/;
const HANDLERS = ['src/lib/jobs/definitions/', 'src/lib/jobs/registry.ts', 'src/lib/jobs/runner.ts'];

/** What the jobs page must not load, each with the import chain that reaches it. */
function forbidden(planted: Record<string, string> = {}): string[][] {
	const g = moduleGraph(JOBS_PAGE, planted);
	const bad = [...g.parents.keys()].filter((n) => {
		if (!path.isAbsolute(n)) return PKI_PACKAGES.test(n);
		const rel = path.relative(ROOT, n);
		return rel.startsWith('src/lib/pki/') || HANDLERS.some((h) => rel.startsWith(h));
	});
	return bad.map((n) => chain(g, n));
}

describe('the jobs page', () => {
	it('loads neither the PKI engine nor any job handler', () => {
		const g = moduleGraph(JOBS_PAGE);
		// The walk did reach what the page uses: the catalogue and the enqueue path.
		const reached = [...g.parents.keys()].map((n) => path.relative(ROOT, n));
		expect(reached).toContain('src/lib/jobs/catalogue.ts');
		expect(reached).toContain('src/lib/jobs/enqueue.ts');
		expect(forbidden()).toEqual([]);
	});

	it('would be caught importing them: a planted import fails the check', () => {
		const pki = forbidden({ 'src/lib/server/jobs/queries.ts': "import '$lib/pki/x509';" });
		expect(pki.map((c) => c.at(-1))).toContain('src/lib/pki/x509.ts');
		// The registry reaches the handlers, and through their lazy import() the PKI engine.
		const registry = forbidden({
			'src/lib/server/jobs/service.ts': "import { JOBS } from '../../jobs/registry';"
		});
		const ends = registry.map((c) => c.at(-1));
		expect(ends).toContain('src/lib/jobs/registry.ts');
		expect(ends).toContain('src/lib/jobs/definitions/revocation-scan.ts');
		expect(ends.some((e) => e?.startsWith('src/lib/pki/'))).toBe(true);
		expect(ends.some((e) => e !== undefined && PKI_PACKAGES.test(e))).toBe(true);
	});
});

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = path.join(dir, name);
		if (statSync(p).isDirectory()) return sourceFiles(p);
		return /\.(ts|svelte)$/.test(name) ? [p] : [];
	});
}

describe('starting a run', () => {
	it('only the enqueue path (and the retries of run-outcomes.ts) insert queued runs', () => {
		const inserting: string[] = [];
		for (const file of sourceFiles(path.join(ROOT, 'src'))) {
			const text = readFileSync(file, 'utf8');
			if (!text.includes('insertRun') && !text.includes("insertInto('job_runs')")) continue;
			const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
			const visit = (node: ts.Node) => {
				if (
					ts.isImportDeclaration(node) &&
					(node.moduleSpecifier as ts.StringLiteral).text.endsWith('/run-store') &&
					node.importClause?.namedBindings &&
					ts.isNamedImports(node.importClause.namedBindings) &&
					node.importClause.namedBindings.elements.some((e) => e.name.text === 'insertRun')
				)
					inserting.push(path.relative(ROOT, file));
				ts.forEachChild(node, visit);
			};
			visit(source);
			if (text.includes("insertInto('job_runs')")) inserting.push(path.relative(ROOT, file));
		}
		expect(inserting.sort()).toEqual([
			'src/lib/jobs/enqueue.ts',
			'src/lib/jobs/run-outcomes.ts',
			'src/lib/jobs/run-store.ts'
		]);
	});
});
