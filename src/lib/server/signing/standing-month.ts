// The open month of agency_standing (migration 2026_12_14_0100): each agency's standing in the current
// month and its documents over the twelve months ending with it, kept as events arrive. `/ky-so` ranks
// the agencies of its default range from it, the overview its lists (overview/standing.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { firstDayOfMonth, vietnamDay } from '../../time/vietnam';
import type { AgencyCount } from './activity';
import type { DayRange } from './filter';

/**
 * Whether agency_standing holds the month starting `start` (a first day), opening it when it is later
 * than the open one and not later than the current month: the first view of a new month recounts it
 * (≈ 0.4 s at --scale 50, once). An earlier month is not reopened: the roll-ups answer it.
 */
export async function standingMonthOpen(db: Kysely<Database>, start: string): Promise<boolean> {
	const open = await db
		.selectFrom('agency_standing_period')
		.select(sql<string>`period_start::text`.as('start'))
		.where('months', '=', 1)
		.executeTakeFirst();
	if (open?.start === start) return true;
	if (open && open.start > start) return false;
	// Never a month still to come (a range may end in one): the current month would not be reopened.
	const [y, m] = vietnamDay(new Date()).split('-').map(Number) as [number, number];
	if (start > firstDayOfMonth(y, m)) return false;
	await sql`select agency_standing_open(1::smallint, ${start}::date)`.execute(db);
	return true;
}

/**
 * The `limit` agencies (null: documents of no agency) with the most documents over `range`, most first,
 * then by name (signingByAgency's order), when `range` is the twelve months ending with the open month
 * (its first day to a day of that month, no event of that month after it: the caller checks); otherwise
 * null. Index scans of a few dozen rows, where the monthly totals were summed for every agency.
 */
export async function topAgenciesOverYear(
	db: Kysely<Database>,
	range: DayRange,
	limit: number
): Promise<AgencyCount[] | null> {
	const [y, m] = range.to.split('-').map(Number) as [number, number];
	const start = firstDayOfMonth(y, m);
	if (range.from !== firstDayOfMonth(y, m - 11) || !(await standingMonthOpen(db, start))) return null;
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
