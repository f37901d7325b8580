// kk_fold() in the database and foldForSearch() in TypeScript must agree on every Vietnamese letter,
// or a search term would never match what it should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { COMBINING_MARKS, foldForSearch, vietnameseLetters } from '../../../src/lib/search/fold';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(() => h?.close());

async function dbFold(text: string): Promise<string> {
	const r = await sql<{ f: string }>`select kk_fold(${text}) as f`.execute(h.db);
	return r.rows[0]!.f;
}

describe('kk_fold and foldForSearch', () => {
	it('agree on every Vietnamese letter, both cases, all tones, and fold each to its plain letter', async () => {
		const letters = vietnameseLetters();
		expect(letters).toHaveLength(12 * 6 * 2 + 2);
		const all = letters.map(([l]) => l).join('|');
		const fromDb = (await dbFold(all)).split('|');
		letters.forEach(([letter, plain], i) => {
			expect(foldForSearch(letter), letter).toBe(plain);
			expect(fromDb[i], letter).toBe(plain);
		});
	});

	it('agree on ASCII, decomposed text and characters outside the fold', async () => {
		const samples = [
			'Nguyễn Thị Đào',
			'NGUYỄN THỊ ĐÀO',
			'Nguyễn Thị Đào'.normalize('NFD'),
			'Sở Tài chính tỉnh Đồng Tháp',
			'ABCXYZ abcxyz 0123 %_\\',
			'Straße Ωμέγα ß ü',
			COMBINING_MARKS
		];
		for (const s of samples) expect(await dbFold(s), s).toBe(foldForSearch(s));
		expect(foldForSearch('Nguyễn Thị Đào'.normalize('NFD'))).toBe('nguyen thi dao');
		expect(foldForSearch('NGUYỄN THỊ ĐÀO')).toBe('nguyen thi dao');
	});

	it('is immutable, so it may be indexed', async () => {
		const r = await sql<{ v: string }>`
			select provolatile as v from pg_proc where proname = 'kk_fold'
		`.execute(h.db);
		expect(r.rows[0]!.v).toBe('i');
	});
});
