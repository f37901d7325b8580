// The periods agency_standing keeps (migration 2026_12_14_0100): each agency's standing in a month,
// quarter, half-year or year, and for a month its documents over the twelve months ending with it, kept
// as events arrive. `/ky-so` ranks the agencies of its default range from it, the overview its lists
// (overview/standing.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { firstDayOfMonth, startOfVietnamMonth, vietnamDay } from '../../time/vietnam';
import type { AgencyCount } from './activity';
import type { DayRange } from './filter';

/**
 * Whether agency_standing answers for the period of `months` starting `start` (a period's first day)
 * a span ending at the instant `end`: no event of the period lies at or after `end` (the standing
 * counts the whole period), and the period is kept, or has begun and is opened now: the first view of
 * a period recounts it (≈ 0.4 s for a month at --scale 50), then up to four periods of each length are
 * kept (the current one always). False for a past period that would let go of one opened in the last
 * ten minutes (the roll-ups answer it). One statement when the period is kept.
 */
export async function standingPeriodAnswers(
	db: Kysely<Database>,
	months: number,
	start: string,
	end: Date
): Promise<boolean> {
	const [y, m] = start.split('-').map(Number) as [number, number];
	const { rows } = await sql<{ kept: boolean; later: boolean }>`
		select exists (select 1 from agency_standing_period p
				where p.months = ${months}::smallint and p.period_start = ${start}::date) as kept,
			exists (select 1 from signing_events e where e.signed_at >= ${end}
				and e.signed_at < ${startOfVietnamMonth(y, m + months)}) as later`.execute(db);
	const { kept, later } = rows[0]!;
	if (later) return false;
	if (kept) return true;
	// Never a period still to come (a range may end in one): it holds nothing yet.
	if (start > vietnamDay(new Date())) return false;
	const opened = await sql<{
		opened: boolean;
	}>`select agency_standing_open(${months}::smallint, ${start}::date) as opened`.execute(db);
	return opened.rows[0]!.opened;
}

/**
 * The `limit` agencies (null: documents of no agency) with the most documents over `range`, most first,
 * then by name (signingByAgency's order), when `range` is the twelve months ending with a month that
 * has begun (their first day to a day of that month, no event of that month after it); otherwise null.
 * Index scans of a few dozen rows, where the monthly totals were summed for every agency.
 */
export async function topAgenciesOverYear(
	db: Kysely<Database>,
	range: DayRange,
	limit: number
): Promise<AgencyCount[] | null> {
	const [y, m] = range.to.split('-').map(Number) as [number, number];
	const start = firstDayOfMonth(y, m);
	if (range.from !== firstDayOfMonth(y, m - 11) || !(await standingPeriodAnswers(db, 1, start, range.end)))
		return null;
	const here = sql`s.months = 1 and s.period_start = ${start}::date and s.window_signed > 0`;
	// The limit-th count first, then every row with at least as many, ordered with their names: ties at
	// the cut are broken by name as signingByAgency breaks them.
	const { rows } = await sql<AgencyCount>`
		select nullif(s.agency_id, 0) as agency_id, a.name as agency_name, s.window_signed as n
		from agency_standing s left join agencies a on a.id = s.agency_id
		where ${here} and s.window_signed >= (
			select min(t.window_signed) from (
				select s.window_signed from agency_standing s where ${here}
				order by s.window_signed desc limit ${limit}) t)
		order by s.window_signed desc, a.name limit ${limit}`.execute(db);
	return rows;
}
