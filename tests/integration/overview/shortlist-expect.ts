// The overview's shortlist must list what ranking every agency lists: the best and bottom k, the
// first k silent agencies with the silent totals, and the first k by dormant certificates.
import { expect } from 'vitest';
import type { Adoption } from '../../../src/lib/server/overview/adoption';
import type { AdoptionShortlist } from '../../../src/lib/server/overview/adoption-shortlist';
import { rankAgencies } from '../../../src/lib/server/overview/ranking';

export function expectShortlistLists(full: Adoption, short: AdoptionShortlist, k: number): void {
	const a = rankAgencies(full.standings, k);
	const b = rankAgencies(short.standings, k, short.silentTotal);
	expect([b.top, b.bottom, b.silentFirst(k), b.silentTotal]).toEqual([
		a.top,
		a.bottom,
		a.silentFirst(k),
		a.silentTotal
	]);
	expect(short.dormant.byAgency.slice(0, k)).toEqual(full.dormant.byAgency.slice(0, k));
}
