// The ranking's cut lists (top, bottom, the first silent agencies) equal the same cuts of the whole
// sort, also with heavy ties on share, documents and name (duplicate names, stable input order).
import { describe, expect, it } from 'vitest';
import { rankAgencies, usageShare } from '../../../src/lib/server/overview/ranking';
import type { AgencyStanding } from '../../../src/lib/server/overview/adoption';

const collator = new Intl.Collator('vi');

/** The ranking as it was computed before the cuts: whole stable sorts. */
function wholeRanking(rows: AgencyStanding[], size = 10) {
	const all = [...rows].sort(
		(a, b) =>
			usageShare(b.used, b.active) - usageShare(a.used, a.active) ||
			b.signed - a.signed ||
			collator.compare(a.agency_name, b.agency_name)
	);
	return {
		all,
		top: all.slice(0, size),
		bottom: all.slice(-size).reverse(),
		silent: all
			.filter((r) => r.signed === 0)
			.sort((a, b) => b.active - a.active || collator.compare(a.agency_name, b.agency_name))
	};
}

function seeded(seed: number) {
	let s = seed;
	return (n: number) => {
		s = (s * 1103515245 + 12345) % 2147483648;
		return s % n;
	};
}

const names = [
	'Trường Tiểu học An Bình',
	'Trường THCS Đông Hòa',
	'UBND xã Ân Thi',
	'Sở Y tế',
	'Ủy ban',
	'an bình',
	'Bệnh viện'
];

function standings(n: number, seed: number): AgencyStanding[] {
	const rnd = seeded(seed);
	return Array.from({ length: n }, (_, i) => {
		const active = rnd(4);
		return {
			agency_id: i + 1,
			agency_name: names[rnd(names.length)]!,
			active,
			used: active > 0 ? rnd(active + 1) : 0,
			signed: rnd(3) === 0 ? 0 : rnd(3)
		};
	});
}

describe('rankAgencies', () => {
	for (const [n, seed] of [
		[0, 1],
		[5, 2],
		[25, 3],
		[400, 4],
		[2000, 5]
	] as const)
		it(`cuts what the whole sort gives (${n} agencies)`, () => {
			const rows = standings(n, seed);
			const want = wholeRanking(rows);
			const got = rankAgencies(rows);
			const ids = (r: AgencyStanding[]) => r.map((x) => x.agency_id);
			expect(ids(got.top)).toEqual(ids(want.top));
			expect(ids(got.bottom)).toEqual(ids(want.bottom));
			for (const k of [0, 1, 7, 20, n]) expect(ids(got.silentFirst(k))).toEqual(ids(want.silent.slice(0, k)));
			expect(ids(got.silent)).toEqual(ids(want.silent));
			expect(ids(got.all)).toEqual(ids(want.all));
			expect(got.silentTotal).toEqual({
				agencies: want.silent.length,
				active: want.silent.reduce((s, r) => s + r.active, 0)
			});
		});
});
