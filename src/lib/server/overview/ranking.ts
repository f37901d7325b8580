// The agencies' ranking by certificate use. The page shows the ten best, the bottom ten and the
// first few agencies that signed nothing; only the workbook lists every agency. At --scale 50 a
// province holds 23,212 agencies, most of them tied on share and documents, so a whole sort broke
// those ties with the Vietnamese collator tens of thousands of times on every page view (≈ 100 ms
// of Node CPU). Here the lists the page reads are cut from a numeric sort, the collator only
// ordering the ties that reach into them; the whole orders are computed when first read (the export).
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

// The ranking's order: share, then documents, then name (numbers first: `byNumbers` is its prefix).
const byNumbers: Order = (a, b) => b.share - a.share || b.row.signed - a.row.signed;
const ranked: Order = (a, b) =>
	byNumbers(a, b) || vietnamese.compare(a.row.agency_name, b.row.agency_name) || a.at - b.at;
// The silent agencies: most active certificates first, then by name, then as in the ranking.
const byActive: Order = (a, b) => b.row.active - a.row.active;
const silentOrder: Order = (a, b) =>
	byActive(a, b) ||
	vietnamese.compare(a.row.agency_name, b.row.agency_name) ||
	b.share - a.share ||
	a.at - b.at;

/**
 * The first k entries in `order`: a sort by `coarse` (which `order` refines), then `order` over the
 * entries up to the end of the tie group that reaches position k.
 */
function firstOf(entries: Entry[], k: number, coarse: Order, order: Order): Entry[] {
	if (k <= 0) return [];
	const sorted = [...entries].sort(coarse);
	let end = Math.min(k, sorted.length);
	while (end < sorted.length && coarse(sorted[k - 1]!, sorted[end]!) === 0) end++;
	return sorted.slice(0, end).sort(order).slice(0, k);
}

const reversed =
	(o: Order): Order =>
	(a, b) =>
		o(b, a);

export class AgencyRanking {
	/** Highest share of certificates used first (then documents signed, then name). */
	readonly top: AgencyStanding[];
	/** The lowest, lowest first. */
	readonly bottom: AgencyStanding[];
	/** How many agencies signed nothing in the span, and the active certificates they hold between them. */
	readonly silentTotal: { agencies: number; active: number };
	readonly #entries: Entry[];
	readonly #silent: Entry[];
	#all?: AgencyStanding[];
	#silentSorted?: AgencyStanding[];

	constructor(rows: AgencyStanding[], size = 10) {
		this.#entries = rows.map((row, at) => ({ row, at, share: usageShare(row.used, row.active) }));
		this.#silent = this.#entries.filter((e) => e.row.signed === 0);
		this.top = firstOf(this.#entries, size, byNumbers, ranked).map((e) => e.row);
		this.bottom = firstOf(this.#entries, size, reversed(byNumbers), reversed(ranked)).map((e) => e.row);
		this.silentTotal = {
			agencies: this.#silent.length,
			active: this.#silent.reduce((s, e) => s + e.row.active, 0)
		};
	}

	/** Every agency, best first (the workbook's table). */
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
		return firstOf(this.#silent, n, byActive, silentOrder).map((e) => e.row);
	}
}

export function rankAgencies(rows: AgencyStanding[], size = 10): AgencyRanking {
	return new AgencyRanking(rows, size);
}
