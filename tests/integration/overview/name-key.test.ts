// agencies.name_key (migration 2026_12_13_0200_agency_name_key) against Intl.Collator('vi'), the
// order the overview's lists use: whenever a complete key (one ending in a space) is smaller in
// byte order than another key, the collator puts its name first. The overview's shortlist relies
// on it to leave out agencies tied on every number that cannot come first by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';

const collator = new Intl.Collator('vi');
let h: DbHandle;

beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

function seeded(seed: number) {
	let s = seed;
	return (n: number) => {
		s = (s * 1103515245 + 12345) % 2147483648;
		return (s >> 8) % n;
	};
}

// Letters of either case with every tone, digits, spaces, and what the key does not know
// (punctuation, an accent written as a combining mark, a letter from elsewhere).
const PIECES = [
	...'aAàÁảẢãạăĂằắẳẵặâÂầấẩẫậbBcCdDđĐeEèéẻẽẹêÊềếểễệgGhHiIìíỉĩịkKlLmMnNoOòóỏõọôÔồốổỗộơƠờớởỡợ',
	...'pPqQrRsStTuUùúủũụưƯừứửữựvVxXyYỳýỷỹỵfFjJwWzZ0123456789',
	' ',
	' ',
	' ',
	'Trường ',
	'Trung ',
	'xã ',
	'&',
	'-',
	'(',
	'a\u0301',
	'ñ',
	'ß'
];

function names(n: number, seed: number): string[] {
	const rnd = seeded(seed);
	return Array.from({ length: n }, () =>
		Array.from({ length: 1 + rnd(8) }, () => PIECES[rnd(PIECES.length)]!).join('')
	);
}

describe('agencies.name_key', () => {
	it('orders complete keys as the Vietnamese collator orders their names', async () => {
		const list = [
			...names(3000, 11),
			'Trường Mầm non An Bình 23',
			'Trường Mầm non An Bình 6',
			'Trường Mầm non Ân Bình',
			'trường mầm non an bình',
			'Sở Y tế',
			'Sở KH&CN',
			'Ủy ban nhân dân xã Đông Hòa',
			'UBND xã Đông Hòa',
			'',
			'a',
			'A',
			'á',
			'ă',
			'â',
			'b'
		];
		const { rows } = await sql<{ name: string; key: string }>`
			select n.name, kk_name_key(n.name) as key from unnest(${list}::text[]) as n(name)`.execute(h.db);
		const key = new Map(rows.map((r) => [r.name, r.key]));
		const complete = list.filter((n) => key.get(n)!.endsWith(' '));
		expect(complete.length).toBeGreaterThan(list.length / 3);
		expect(key.get('Trường Mầm non An Bình 23')).toMatch(/ $/);
		expect(key.get('Sở KH&CN')).not.toMatch(/ $/);
		const bytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
		// Sorted by the collator, the complete keys never go down; and a complete key below any other
		// key (complete or not) means its name comes first.
		const sorted = [...list].sort(collator.compare);
		const completeSorted = sorted.filter((n) => key.get(n)!.endsWith(' '));
		for (let i = 1; i < completeSorted.length; i++)
			expect(bytes(key.get(completeSorted[i - 1]!)!, key.get(completeSorted[i]!)!)).toBeLessThanOrEqual(0);
		const rnd = seeded(5);
		for (let i = 0; i < 20000; i++) {
			const a = complete[rnd(complete.length)]!;
			const b = list[rnd(list.length)]!;
			if (bytes(key.get(a)!, key.get(b)!) < 0) expect([a, b, collator.compare(a, b)]).toEqual([a, b, -1]);
		}
	});

	it('is stored with each agency and follows a rename', async () => {
		const a = await h.db
			.insertInto('agencies')
			.values({ code: 'NK1', name: 'Ấp Đông', kind: 'province', parent_id: null, path: '/' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const read = () =>
			h.db.selectFrom('agencies').select('name_key').where('id', '=', a.id).executeTakeFirstOrThrow();
		const before = (await read()).name_key;
		await h.db.updateTable('agencies').set({ name: 'Ấp Tây' }).where('id', '=', a.id).execute();
		const after = (await read()).name_key;
		expect([before.endsWith(' '), after.endsWith(' '), before < after]).toEqual([true, true, true]);
	});
});
