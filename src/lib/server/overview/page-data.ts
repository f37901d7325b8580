// What of the overview's agency lists travels to the browser. Every agency's standing and every
// agency's dormant certificates are for the workbook (src/lib/server/overview/workbook.ts); the
// page shows the ten best, the bottom ten, the ten agencies with the most dormant certificates and
// the first SILENT_SHOWN of the agencies that signed nothing (928 of them in a province at
// --scale 10 this month: 161 KB of table), with their count and a link to all of them.
import type { AgencyRanking } from './ranking';
import type { Overview } from './overview';

/** The best and the bottom agencies the page ranks (rankAgencies' size). */
export const RANKED_SHOWN = 10;

/** Agencies that signed nothing that the page lists unless asked for all of them. */
export const SILENT_SHOWN = 20;

export interface SilentRow {
	agency_id: number;
	agency_name: string;
	active: number;
}

export interface PageRanking {
	top: AgencyRanking['top'];
	bottom: AgencyRanking['bottom'];
	/** The first SILENT_SHOWN agencies that signed nothing (all of them with `allSilent`). */
	silent: SilentRow[];
	/** How many agencies signed nothing, and the active certificates they hold between them. */
	silentTotal: { agencies: number; active: number };
}

/** The ranking the page shows; the silent agencies carry name and active certificates only (the rest is zero). */
export function overviewRankingForPage(ranking: AgencyRanking, allSilent: boolean): PageRanking {
	const { top, bottom, silentTotal } = ranking;
	return {
		top,
		bottom,
		silent: (allSilent ? ranking.silent : ranking.silentFirst(SILENT_SHOWN)).map(
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
export function overviewForPage(o: Overview, allSilent: boolean) {
	return {
		...o,
		adoption: { ...o.adoption, dormantByAgency: o.adoption.dormantByAgency.slice(0, DORMANT_SHOWN) },
		ranking: overviewRankingForPage(o.ranking, allSilent)
	};
}
