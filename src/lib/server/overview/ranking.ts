// The agencies' ranking by certificate use. The page shows the ten best, the bottom ten and the
// first few agencies that signed nothing; only the workbook lists every agency. At --scale 50 a
// province holds 23,212 agencies: sorting them all (the collator breaking the ties) on every page
// view cost ≈ 14 ms of Node CPU. The lists the page reads are picked in one pass each (the best k
// kept in a heap); the whole orders are computed when first read (the export).
import type { AgencyStanding } from './adoption';

/** used / active, 0 when there is nothing active. */
export const usageShare = (used: number, active: number) => (active > 0 ? used / active : 0);

// One collator for every sort: localeCompare(…, 'vi') builds one per comparison.
const vietnamese = new Intl.Collator('vi');

interface Entry {
	row: AgencyStanding;
	/** Position in the input: the last tie-break, what a stable sort of the input keeps. */
	at: number;
	share: number;
}

type Order = (a: Entry, b: Entry) => number;

// The ranking's order, best first: share, then documents, then the fewest active certificates (of
// agencies alike in both, the one that did it with fewer: more documents per certificate, fewer
// left idle), then name, then input position. Numbers first: the shortlist's SQL cut
// (adoption-shortlist.ts) orders by them, so only rows tied on all three with the tenth reach Node.
const byNumbers: Order = (a, b) =>
	b.share - a.share || b.row.signed - a.row.signed || a.row.active - b.row.active;
const byName: Order = (a, b) => vietnamese.compare(a.row.agency_name, b.row.agency_name);
const ranked: Order = (a, b) => byNumbers(a, b) || byName(a, b) || a.at - b.at;
// The bottom list, worst first: the numbers of `ranked` reversed (lowest share, fewest documents,
// the most active certificates: the most left idle), but names A to Z as in every other list.
// Early in a month thousands of agencies tie at share 0 without documents (4,693 of 23,212 at
// --scale 50 on the 6th): the active certificates pick the ten, not the end of the alphabet.
const laggards: Order = (a, b) => byNumbers(b, a) || byName(a, b) || a.at - b.at;
// The silent agencies: most active certificates first, then by name, then as in the ranking.
const byActive: Order = (a, b) => b.row.active - a.row.active;
const silentOrder: Order = (a, b) => byActive(a, b) || byName(a, b) || b.share - a.share || a.at - b.at;

/**
 * The first k entries in `order` (a strict total order: it ends on the input position), in one
 * pass keeping the best k in a heap whose root is the worst of them: ≈ n comparisons, most settled
 * by the numbers, instead of a sort of every entry.
 */
function firstOf(entries: Entry[], k: number, order: Order): Entry[] {
	if (k <= 0) return [];
	const heap: Entry[] = [];
	// The root is the entry that comes last in `order`.
	const later = (i: number, j: number) => order(heap[i]!, heap[j]!) > 0;
	const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
	for (const e of entries) {
		if (heap.length < k) {
			heap.push(e);
			for (let i = heap.length - 1; i > 0 && later(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
		} else if (order(e, heap[0]!) < 0) {
			heap[0] = e;
			for (let i = 0; ;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < k && later(l, m)) m = l;
				if (r < k && later(r, m)) m = r;
				if (m === i) break;
				swap(i, m);
				i = m;
			}
		}
	}
	return heap.sort(order);
}

export class AgencyRanking {
	/** Highest share of certificates used first (then most documents, fewest active, name). */
	readonly top: AgencyStanding[];
	/**
	 * The lowest, lowest first: lowest share, fewest documents, most active certificates, then by
	 * name. The same ten as the end of `all`, but for rows tied on the three numbers at the cut.
	 */
	readonly bottom: AgencyStanding[];
	/** How many agencies signed nothing in the span, and the active certificates they hold between them. */
	readonly silentTotal: { agencies: number; active: number };
	readonly #entries: Entry[];
	readonly #silent: Entry[];
	#all?: AgencyStanding[];
	#silentSorted?: AgencyStanding[];

	/**
	 * `silentTotal` when `rows` are a shortlist (adoptionShortlist) rather than every agency: the
	 * lists are the same, the silent agencies' count is not.
	 */
	constructor(rows: AgencyStanding[], size = 10, silentTotal?: { agencies: number; active: number }) {
		this.#entries = rows.map((row, at) => ({ row, at, share: usageShare(row.used, row.active) }));
		this.#silent = this.#entries.filter((e) => e.row.signed === 0);
		this.top = firstOf(this.#entries, size, ranked).map((e) => e.row);
		this.bottom = firstOf(this.#entries, size, laggards).map((e) => e.row);
		this.silentTotal = silentTotal ?? {
			agencies: this.#silent.length,
			active: this.#silent.reduce((s, e) => s + e.row.active, 0)
		};
	}

	/** Every agency, best first (the workbook's table): its first rows are `top`. */
	get all(): AgencyStanding[] {
		return (this.#all ??= [...this.#entries].sort(ranked).map((e) => e.row));
	}

	/**
	 * Agencies holding active certificates that signed nothing in the span, those holding the most
	 * first (the most certificates left idle), then by name.
	 */
	get silent(): AgencyStanding[] {
		return (this.#silentSorted ??= [...this.#silent].sort(silentOrder).map((e) => e.row));
	}

	/** The first n of `silent`, without ordering the others. */
	silentFirst(n: number): AgencyStanding[] {
		if (this.#silentSorted) return this.#silentSorted.slice(0, n);
		return firstOf(this.#silent, n, silentOrder).map((e) => e.row);
	}
}

export function rankAgencies(
	rows: AgencyStanding[],
	size = 10,
	silentTotal?: { agencies: number; active: number }
): AgencyRanking {
	return new AgencyRanking(rows, size, silentTotal);
}
