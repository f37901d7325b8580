// The module graph of some of our source files, as the bundler sees it: static imports, re-exports
// and dynamic import() (a lazily loaded module is still loaded by the page that asks for it), with
// `$lib` resolved and whole-clause `import type` left out (erased; with verbatimModuleSyntax an
// `import { type X }` still loads its module, so it counts). Packages are leaves, kept by name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Graph {
	/** Our files reached (absolute paths) and packages reached (by specifier), each with who imported it first. */
	parents: Map<string, string | null>;
}

function scriptOf(file: string, text: string): string {
	if (!file.endsWith('.svelte')) return text;
	return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** The specifiers a file loads at run time. */
export function runtimeImports(file: string, text: string): string[] {
	const source = ts.createSourceFile(file, scriptOf(file, text), ts.ScriptTarget.Latest, true);
	const out: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
			out.push((node.moduleSpecifier as ts.StringLiteral).text);
		} else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
			out.push((node.moduleSpecifier as ts.StringLiteral).text);
		} else if (
			ts.isCallExpression(node) &&
			node.expression.kind === ts.SyntaxKind.ImportKeyword &&
			node.arguments[0] &&
			ts.isStringLiteralLike(node.arguments[0])
		) {
			out.push(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return out;
}

const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts', '/index.js'];

/** Our file a specifier names (absolute), or null for a package or a SvelteKit module. */
export function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/') || spec === '$lib') base = path.join(ROOT, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
	else return null;
	for (const ext of EXTENSIONS) {
		const candidate = base + ext;
		if (existsSync(candidate) && !candidate.endsWith('/')) {
			try {
				readFileSync(candidate);
				return candidate;
			} catch {
				// a directory: try the next form
			}
		}
	}
	throw new Error(`cannot resolve "${spec}" from ${path.relative(ROOT, from)}`);
}

/**
 * Walks the graph from `entries`. `planted` adds source text to a file (as if someone had added
 * an import there), which is how the test proves that it would notice one.
 */
export function moduleGraph(entries: readonly string[], planted: Record<string, string> = {}): Graph {
	const parents = new Map<string, string | null>();
	const queue: string[] = [];
	for (const e of entries) {
		const abs = path.join(ROOT, e);
		parents.set(abs, null);
		queue.push(abs);
	}
	while (queue.length) {
		const file = queue.shift()!;
		const text = readFileSync(file, 'utf8') + '\n' + (planted[path.relative(ROOT, file)] ?? '');
		for (const spec of runtimeImports(file, text)) {
			// SvelteKit's generated route types and virtual modules load nothing of ours.
			if (spec.startsWith('$app/') || spec.startsWith('$env/') || spec.endsWith('/$types')) continue;
			const target = resolveImport(file, spec) ?? spec;
			if (parents.has(target)) continue;
			parents.set(target, file);
			if (path.isAbsolute(target)) queue.push(target);
		}
	}
	return { parents };
}

/** How `node` was reached: entry → … → node, as paths relative to the checkout. */
export function chain(g: Graph, node: string): string[] {
	const out: string[] = [];
	for (let n: string | null | undefined = node; n; n = g.parents.get(n))
		out.unshift(path.isAbsolute(n) ? path.relative(ROOT, n) : n);
	return out;
}
