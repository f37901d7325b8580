// Issue 17: a module past 400 lines is doing more than one job. Generated files are exempt.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const MAX_LINES = 400;
const GENERATED = new Set(['src/lib/server/db/schema.generated.ts']);

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return sourceFiles(p);
		return /\.(ts|js|svelte)$/.test(e.name) ? [p] : [];
	});
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('source files', () => {
	it(`stay within ${MAX_LINES} lines, generated ones excepted`, () => {
		const files = sourceFiles(path.join(ROOT, 'src'));
		expect(files.length).toBeGreaterThan(100);
		const long = files
			.map((f) => ({ file: path.relative(ROOT, f), lines: lineCount(readFileSync(f, 'utf8')) }))
			.filter((f) => f.lines > MAX_LINES && !GENERATED.has(f.file))
			.map((f) => `${f.file}: ${f.lines} lines`);
		expect(long).toEqual([]);
	});

	it('counts lines as wc -l does', () => {
		expect(lineCount('a\nb\n')).toBe(2);
		expect(lineCount('a\nb')).toBe(2);
		expect(lineCount('x\n'.repeat(MAX_LINES + 1))).toBe(MAX_LINES + 1);
	});
});
