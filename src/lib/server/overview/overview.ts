// The overview page's data in one call, within the viewer's scope (or an agency subtree in it):
// key figures, the chosen period against the same days last year and the period before, adoption
// (certificates used, dormant ones, channels, agencies ranked with the laggards), the two-year
// monthly trend and the two short lists. Signing figures come from the roll-ups only.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { narrowScope } from '../inventory/agencies';
import type { DayRange } from '../signing/filter';
import { signingByChannel, signingSeries, signingTotal } from '../signing/activity';
import { expiringSoon, openFindingsByArticle, overviewFigures, recentFindings } from './queries';
import { adoption, type Adoption } from './adoption';
import { adoptionShortlist, type AdoptionShortlist, type Shortlist } from './adoption-shortlist';
import { rankAgencies } from './ranking';
import {
	periodChoices,
	periodContaining,
	periodFromQuery,
	resolvePeriod,
	trendSpan,
	type DaySpan
} from '../../time/periods';
import { addDays, startOfVietnamDay, vietnamDay } from '../../time/vietnam';
import { readSetting } from '../settings/store';
import { queryId } from '../http/query-values';

/** A span of Vietnam days as the half-open instant range the signing queries take. */
export function dayRange(span: DaySpan): DayRange {
	return { ...span, start: startOfVietnamDay(span.from), end: startOfVietnamDay(addDays(span.to, 1)) };
}

export interface Compared {
	current: number;
	lastYear: number;
	previous: number;
}

/**
 * The overview's data. With `shortlist` (the page), the agencies' lists hold only the agencies the
 * page can show (adoptionShortlist), not every agency (the workbook's).
 */
export async function loadOverview(
	db: Kysely<Database>,
	viewerScope: AgencyScope,
	params: URLSearchParams,
	now = new Date(),
	shortlist?: Shortlist
) {
	const { period, invalid } = periodFromQuery(params, now);
	const resolved = resolvePeriod(period, now);
	let scope = viewerScope;
	const agencyParam = params.get('agency');
	let agency: number | null = null;
	if (agencyParam) {
		const id = queryId(agencyParam);
		const narrowed = id === undefined ? null : await narrowScope(db, viewerScope, id);
		if (id !== undefined && narrowed) {
			scope = narrowed;
			agency = id;
		} else invalid.push('agency');
	}
	const spans = { current: resolved.elapsed, lastYear: resolved.lastYear, previous: resolved.previous };
	const noFilter = { bucket: 'month' as const };
	const compared = (f: (s: DaySpan) => Promise<number>) =>
		Promise.all([f(spans.current), f(spans.lastYear), f(spans.previous)]).then(
			([current, lastYear, previous]): Compared => ({ current, lastYear, previous })
		);
	// Every statement below is independent of the others: they run side by side on the pool.
	const setting = readSetting(db, 'overview.dormant');
	const [{ dormantDays }, figures, signed, use, channels, trend, articles, expiring, findings] =
		await Promise.all([
			setting,
			overviewFigures(db, scope, now),
			compared((s) => signingTotal(db, scope, noFilter, dayRange(s))),
			setting.then((s): Promise<Adoption & { silentTotal?: AdoptionShortlist['silentTotal'] }> =>
				shortlist
					? adoptionShortlist(db, scope, spans, now, s.dormantDays, shortlist)
					: adoption(db, scope, spans, now, s.dormantDays)
			),
			signingByChannel(db, scope, noFilter, dayRange(spans.current)),
			signingSeries(db, scope, noFilter, dayRange(trendSpan(spans.current)), 'month'),
			openFindingsByArticle(db, scope),
			expiringSoon(db, scope, now),
			recentFindings(db, scope)
		]);
	return {
		filter: { ky: period.key, from: period.from, to: period.to, agency },
		period: resolved,
		/** The picker's periods and the four one-click presets (this month, quarter, half-year, year). */
		choices: periodChoices(now).map((p) => ({ key: p.key, label: p.label })),
		presets: (['month', 'quarter', 'half', 'year'] as const).map((k) => ({
			kind: k,
			key: periodContaining(k, vietnamDay(now)).key
		})),
		invalid,
		figures,
		signed,
		adoption: {
			active: use.active,
			used: use.used satisfies Compared,
			dormant: use.dormant.total,
			dormantDays,
			/** Every agency holding dormant certificates, most first (the page shows the first ten). */
			dormantByAgency: use.dormant.byAgency
		},
		channels,
		ranking: rankAgencies(use.standings, shortlist?.ranked, use.silentTotal),
		trend,
		articles,
		expiring: expiring.map((c) => ({
			...c,
			days_left: Math.max(0, Math.ceil((c.not_after.getTime() - now.getTime()) / 86400_000))
		})),
		findings
	};
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
