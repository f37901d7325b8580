// What of the overview's agency lists travels to the browser. Every agency's standing and every
// agency's dormant certificates are for the workbook (src/lib/server/overview/workbook.ts); the
// page shows the ten best, the bottom ten, the ten agencies with the most dormant certificates and
// the first SILENT_SHOWN of the agencies that signed nothing (928 of them in a province at
// --scale 10 this month: 161 KB of table), with their count and a link to all of them, SILENT_PAGE a
// page (`?khongky=N`; at --scale 50 a page of every one was 1.2 MB and took half a second).
import type { AgencyRanking } from './ranking';
import type { Overview } from './overview';
import { positiveId } from '../http/query-values';

/** The best and the bottom agencies the page ranks (rankAgencies' size). */
export const RANKED_SHOWN = 10;

/** Agencies that signed nothing that the page lists unless asked for all of them. */
export const SILENT_SHOWN = 20;

/** Agencies that signed nothing on each page of all of them. */
export const SILENT_PAGE = 100;

/**
 * The page of every agency that signed nothing asked for by `?khongky=`: a page number, `all` (the first, as the
 * address was before pages), or null for the overview's first SILENT_SHOWN (also for anything else). A page
 * beyond the last shows none.
 */
export function silentPageOf(raw: string | null): number | null {
	if (raw === 'all') return 1;
	const n = positiveId(raw?.trim() ?? null);
	return n !== null && n <= 1_000_000 ? n : null;
}

/** How many of the agencies that signed nothing the overview must read: up to the end of the page shown. */
export const silentCut = (silentPage: number | null) =>
	silentPage === null ? SILENT_SHOWN : silentPage * SILENT_PAGE;

export interface SilentRow {
	agency_id: number;
	agency_name: string;
	active: number;
}

export interface PageRanking {
	top: AgencyRanking['top'];
	bottom: AgencyRanking['bottom'];
	/** The first SILENT_SHOWN agencies that signed nothing, or page `silentPage` of all of them. */
	silent: SilentRow[];
	/** The page of all of them shown, or null for the first SILENT_SHOWN; SILENT_PAGE agencies a page. */
	silentPage: number | null;
	silentPageSize: number;
	/** How many agencies signed nothing, and the active certificates they hold between them. */
	silentTotal: { agencies: number; active: number };
}

/** The ranking the page shows; the silent agencies carry name and active certificates only (the rest is zero). */
export function overviewRankingForPage(ranking: AgencyRanking, silentPage: number | null): PageRanking {
	const { top, bottom, silentTotal } = ranking;
	const first = ranking.silentFirst(silentCut(silentPage));
	return {
		top,
		bottom,
		silentPage,
		silentPageSize: SILENT_PAGE,
		silent: (silentPage === null ? first : first.slice((silentPage - 1) * SILENT_PAGE)).map(
			({ agency_id, agency_name, active }) => ({
				agency_id,
				agency_name,
				active
			})
		),
		silentTotal
	};
}

/** Agencies with dormant certificates the page lists. */
export const DORMANT_SHOWN = 10;

/** The overview as the page gets it: the agency lists cut as above. */
export function overviewForPage(o: Overview, silentPage: number | null) {
	return {
		...o,
		adoption: { ...o.adoption, dormantByAgency: o.adoption.dormantByAgency.slice(0, DORMANT_SHOWN) },
		ranking: overviewRankingForPage(o.ranking, silentPage)
	};
}
