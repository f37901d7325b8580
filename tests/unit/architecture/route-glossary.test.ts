// docs/ARCHITECTURE.md names every top-level route in its glossary, and every domain folder it
// points to exists: the glossary cannot fall behind the routes unnoticed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const doc = readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
const glossary = doc.slice(doc.indexOf('## Route names'));
const rows = glossary.split('\n').filter((l) => l.startsWith('| `/'));

describe('the route glossary', () => {
	it('names every top-level route', () => {
		const routes = readdirSync(path.join(ROOT, 'src/routes')).filter((d) =>
			statSync(path.join(ROOT, 'src/routes', d)).isDirectory()
		);
		expect(routes.length).toBeGreaterThan(15);
		const named = new Set(
			rows.flatMap((r) => [...r.split('|')[1]!.matchAll(/`\/([a-z-]+)/g)].map((m) => m[1]))
		);
		expect(routes.filter((r) => !named.has(r))).toEqual([]);
	});

	it('points only to folders that exist', () => {
		const folders = rows.flatMap((r) => [...r.split('|')[3]!.matchAll(/`([a-z/-]+)`/g)].map((m) => m[1]!));
		expect(folders.length).toBeGreaterThan(20);
		const missing = folders.filter(
			(f) => !existsSync(path.join(ROOT, 'src/lib', f.split('/').slice(0, 2).join('/')))
		);
		expect(missing).toEqual([]);
	});
});
