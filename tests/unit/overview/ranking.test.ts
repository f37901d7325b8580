// The ranking's cut lists (top, bottom, the first silent agencies) equal the same cuts of whole
// sorts, also with heavy ties on share, documents, active certificates and name (duplicate names,
// stable input order), and early in a month, when most agencies tie at share 0 without documents.
import { describe, expect, it } from 'vitest';
import { rankAgencies, usageShare } from '../../../src/lib/server/overview/ranking';
import type { AgencyStanding } from '../../../src/lib/server/overview/adoption';

const collator = new Intl.Collator('vi');

/**
 * The ranking by whole stable sorts: best first by share, documents, fewest active certificates,
 * name; the bottom by share, documents, most active certificates (the most left idle), name.
 */
function wholeRanking(rows: AgencyStanding[], size = 10) {
	const share = (r: AgencyStanding) => usageShare(r.used, r.active);
	const numbers = (a: AgencyStanding, b: AgencyStanding) =>
		share(b) - share(a) || b.signed - a.signed || a.active - b.active;
	const all = [...rows].sort((a, b) => numbers(a, b) || collator.compare(a.agency_name, b.agency_name));
	return {
		all,
		top: all.slice(0, size),
		bottom: [...rows]
			.sort((a, b) => numbers(b, a) || collator.compare(a.agency_name, b.agency_name))
			.slice(0, size),
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

	it('puts at the bottom, of the agencies tied at 0 without documents, those holding the most active certificates', () => {
		// Early in a month: one in 25 signed, the others hold 1 to 6 certificates and signed nothing.
		const rows: AgencyStanding[] = Array.from({ length: 500 }, (_, i) => {
			const signed = i % 25 === 0 ? 1 + (i % 5) : 0;
			return {
				agency_id: i + 1,
				agency_name: names[(i * 3) % names.length]!,
				active: 1 + ((i * 7) % 6),
				used: signed > 0 ? 1 : 0,
				signed
			};
		});
		const got = rankAgencies(rows);
		const want = wholeRanking(rows);
		const ids = (r: AgencyStanding[]) => r.map((x) => x.agency_id);
		expect(ids(got.bottom)).toEqual(ids(want.bottom));
		expect(ids(got.all)).toEqual(ids(want.all));
		expect(got.bottom.map((r) => [r.used, r.signed, r.active])).toEqual(Array(10).fill([0, 0, 6]));
		// Tied on all three numbers: by name A to Z, then as they came.
		const names_ = got.bottom.map((r) => r.agency_name);
		expect(names_).toEqual([...names_].sort(collator.compare));
		// The workbook's last rows hold as many (the names among them differ: 6-certificate ties run past ten).
		expect(got.all.slice(-10).map((r) => [r.used, r.signed, r.active])).toEqual(Array(10).fill([0, 0, 6]));
	});
});
