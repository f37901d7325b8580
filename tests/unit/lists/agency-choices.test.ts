import { describe, expect, it } from 'vitest';
import { FULL_LIST_MAX, trimAgencyOptions } from '../../../src/lib/server/inventory/agency-choices';

/** A province: one root, `units` units under each of `parents` departments. */
function province(parents: number, units: number) {
	const out = [{ id: 1, name: 'Tỉnh', depth: 0 }];
	let id = 2;
	for (let p = 0; p < parents; p++) {
		out.push({ id: id++, name: `Sở ${p}`, depth: 1 });
		for (let u = 0; u < units; u++) out.push({ id: id++, name: `Trường ${p}-${u}`, depth: 2 });
	}
	return out;
}

describe('trimAgencyOptions', () => {
	it('leaves a list of up to FULL_LIST_MAX agencies whole, with nothing to fetch', () => {
		const all = province(10, 20);
		expect(all.length).toBeLessThanOrEqual(FULL_LIST_MAX);
		expect(trimAgencyOptions(all, 'inventory', null)).toEqual({ options: all, more: null });
	});

	it('past it keeps the two upper levels and the chosen unit, and names where the whole list is', () => {
		const all = province(20, 60);
		expect(all.length).toBeGreaterThan(FULL_LIST_MAX);
		const chosen = all.find((o) => o.name === 'Trường 7-33')!;
		const { options, more } = trimAgencyOptions(all, 'all', chosen.id);
		expect(options.filter((o) => o.depth === 2)).toEqual([chosen]);
		expect(options.filter((o) => o.depth < 2)).toEqual(all.filter((o) => o.depth < 2));
		// Tree order is kept: the chosen unit follows its department.
		expect(options.map((o) => o.id)).toEqual([...options.map((o) => o.id)].sort((a, b) => a - b));
		expect(more).toBe('/api/chon/co-quan?ds=all');
		expect(trimAgencyOptions(all, 'inventory', null).more).toBe('/api/chon/co-quan?ds=inventory');
	});
});
