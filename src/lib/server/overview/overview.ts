// The overview page's data in one call: key figures, this month against last, the charts'
// series and the two short lists, all within the viewer's scope (or an agency subtree in it).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { parseQuery } from '../inventory/filters';
import { narrowScope } from '../inventory/agencies';
import { resolveRange, signingFilterSchema, type DayRange } from '../signing/filter';
import { signingByAgency, signingSeries, signingTotal } from '../signing/activity';
import { expiringSoon, overviewFigures, recentFindings } from './queries';
import { firstDayOfMonth, startOfVietnamDay, vietnamDay } from '../../time/vietnam';

export const overviewFilterSchema = z.object({
	from: signingFilterSchema.shape.from,
	to: signingFilterSchema.shape.to,
	agency: z.coerce.number().int().positive().optional()
});

/** This and last Vietnam calendar month, as day ranges. */
export function monthRanges(now: Date): { thisMonth: DayRange; lastMonth: DayRange } {
	const [y, m] = vietnamDay(now).split('-').map(Number) as [number, number];
	const thisStart = firstDayOfMonth(y, m);
	const lastStart = firstDayOfMonth(y, m - 1);
	const nextStart = firstDayOfMonth(y, m + 1);
	return {
		thisMonth: {
			from: thisStart,
			to: vietnamDay(now),
			start: startOfVietnamDay(thisStart),
			end: startOfVietnamDay(nextStart)
		},
		lastMonth: {
			from: lastStart,
			to: thisStart,
			start: startOfVietnamDay(lastStart),
			end: startOfVietnamDay(thisStart)
		}
	};
}

export async function loadOverview(
	db: Kysely<Database>,
	viewerScope: AgencyScope,
	params: URLSearchParams,
	now = new Date()
) {
	const { value: f, invalid } = parseQuery(overviewFilterSchema, params);
	let scope = viewerScope;
	if (f.agency) {
		const narrowed = await narrowScope(db, viewerScope, f.agency);
		if (narrowed) scope = narrowed;
		else invalid.push('agency');
	}
	const range = resolveRange(f, now);
	const months = monthRanges(now);
	const noFilter = { bucket: 'month' as const };
	const [figures, thisMonth, lastMonth, inPeriod, series, topAgencies, expiring, findings] =
		await Promise.all([
			overviewFigures(db, scope, now),
			signingTotal(db, scope, noFilter, months.thisMonth),
			signingTotal(db, scope, noFilter, months.lastMonth),
			signingTotal(db, scope, noFilter, range),
			signingSeries(db, scope, noFilter, range, 'month'),
			signingByAgency(db, scope, noFilter, range, 10),
			expiringSoon(db, scope, now),
			recentFindings(db, scope)
		]);
	return {
		filter: {
			from: range.from,
			to: range.to,
			agency: f.agency && !invalid.includes('agency') ? f.agency : null
		},
		invalid,
		figures,
		signed: { thisMonth, lastMonth, inPeriod },
		series,
		topAgencies,
		expiring: expiring.map((c) => ({
			...c,
			days_left: Math.max(0, Math.ceil((c.not_after.getTime() - now.getTime()) / 86400_000))
		})),
		findings
	};
}
