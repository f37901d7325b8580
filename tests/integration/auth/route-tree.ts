// Reads the route tree the way SvelteKit does: every folder under src/routes holding a page or an
// endpoint is a route id; form action names come from +page.server.ts, methods from +server.ts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RouteInfo {
	id: string;
	/** A page exists (+page.svelte / +page.ts / +page.server.ts). */
	page: boolean;
	/** Form action names ('default' for the unnamed one). */
	actions: string[];
	/** HTTP methods exported by +server.ts. */
	methods: string[];
}

export function listRoutes(root = 'src/routes'): RouteInfo[] {
	const out: RouteInfo[] = [];
	const visit = (dir: string) => {
		const files = readdirSync(dir);
		const has = (f: string) => files.includes(f);
		const page = has('+page.svelte') || has('+page.ts') || has('+page.server.ts');
		const endpoint = has('+server.ts') || has('+server.js');
		if (page || endpoint) {
			const rel = path.relative(root, dir).split(path.sep).filter(Boolean);
			out.push({
				id: '/' + rel.join('/'),
				page,
				actions: has('+page.server.ts')
					? actionNames(readFileSync(path.join(dir, '+page.server.ts'), 'utf8'))
					: [],
				methods: endpoint
					? endpointMethods(
							readFileSync(path.join(dir, has('+server.ts') ? '+server.ts' : '+server.js'), 'utf8')
						)
					: []
			});
		}
		for (const f of files) {
			const p = path.join(dir, f);
			if (statSync(p).isDirectory()) visit(p);
		}
	};
	if (existsSync(root)) visit(root);
	return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Top-level keys of `export const actions = { … }` (scanner over brackets, strings, comments). */
export function actionNames(source: string): string[] {
	const m = /export\s+const\s+actions\b[^=]*=\s*(?:\(\s*)?{/.exec(source);
	if (!m) return [];
	const names: string[] = [];
	let depth = 1;
	let expectKey = true;
	let i = m.index + m[0].length;
	while (i < source.length && depth > 0) {
		const c = source[i]!;
		if (c === '/' && source[i + 1] === '/')
			i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
		else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) + 1;
		else if (c === '"' || c === "'" || c === '`') {
			let j = i + 1;
			while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
			if (depth === 1 && expectKey) {
				names.push(source.slice(i + 1, j));
				expectKey = false;
			}
			i = j;
		} else if ('{(['.includes(c)) depth++;
		else if ('})]'.includes(c)) depth--;
		else if (c === ',' && depth === 1) expectKey = true;
		else if (depth === 1 && expectKey && /[A-Za-z_$]/.test(c)) {
			const word = /^(?:async\s+)?([A-Za-z_$][\w$]*)/.exec(source.slice(i))!;
			names.push(word[1]!);
			expectKey = false;
			i += word[0].length - 1;
		}
		i++;
	}
	return names;
}

export function endpointMethods(source: string): string[] {
	const re =
		/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g;
	return [...new Set([...source.matchAll(re)].map((x) => x[1]!))];
}

/** A concrete path for a route id: parameters filled, groups dropped. */
export function samplePath(id: string): string {
	const segs = id
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s))
		.map((s) => s.replace(/\[\[[^\]]+\]\]|\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, '1'));
	return '/' + segs.join('/');
}
