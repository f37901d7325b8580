// Every AppError code in the table is used: thrown somewhere in src (`new AppError('CODE'`), or
// read by the request pipeline as `ERROR_TABLE.CODE`. A code nobody uses is a message nobody
// reads; remove it from src/lib/errors.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_TABLE, type ErrorCode } from '../../../src/lib/errors';

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(ts|svelte)$/.test(name) && !name.endsWith('.generated.ts') ? [path] : [];
	});
}

const files = sources('src').filter((f) => !f.endsWith(join('lib', 'errors.ts')));
const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');

function used(code: string): boolean {
	const thrown = new RegExp(`new AppError\\(\\s*'${code}'`);
	return thrown.test(text) || text.includes(`ERROR_TABLE.${code}`);
}

describe('AppError codes', () => {
	it.each(Object.keys(ERROR_TABLE))('%s is thrown or read somewhere in src', (code) => {
		expect(used(code), `${code} is declared in src/lib/errors.ts but never used`).toBe(true);
	});

	it('finds a code that is used and misses one that is not (the check can fail)', () => {
		expect(used('NOT_FOUND')).toBe(true);
		expect(used('NEVER_DECLARED_CODE')).toBe(false);
	});

	it('gives every code a status and a message in Vietnamese and English', () => {
		for (const [code, entry] of Object.entries(ERROR_TABLE)) {
			expect(entry.vi.length, code).toBeGreaterThan(0);
			expect(entry.en.length, code).toBeGreaterThan(0);
			expect(entry.status, code).toBeGreaterThanOrEqual(400);
		}
	});

	it('carries its message from the table unless the thrower names a value', () => {
		const generic = new AppError('CONFLICT');
		expect([generic.status, generic.message]).toEqual([409, ERROR_TABLE.CONFLICT.vi]);
		const named = new AppError('NOT_FOUND' satisfies ErrorCode, 'Không tìm thấy tệp a.pdf.');
		expect(named.message).toBe('Không tìm thấy tệp a.pdf.');
	});
});
