// The province's agency standings in a kept period, read from agency_standing (migration
// 2026_12_14_0100; signing/standing-periods.ts): the overview's lists as index scans of a few rows
// each, where the roll-ups' rows were summed into every agency on each view (adoption-shortlist.ts,
// which still answers for an officer's subtree, an agency filter, a custom range, and a period with
// events dated after its span).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { DaySpan } from '../../time/periods';
import { firstUsePeriod } from './adoption';
import type { Shortlist } from './adoption-shortlist';
import { standingPeriodAnswers } from '../signing/standing-periods';
import { addDays, startOfVietnamDay } from '../../time/vietnam';

/**
 * Whether agency_standing answers `span` for the province: it starts a month, quarter, half-year or
 * year (the overview's periods, this one so far or a past one whole), that period is kept or can be
 * opened, and no event of the period lies after the span (the standing counts the whole period).
 */
export async function standingAnswers(db: Kysely<Database>, span: DaySpan): Promise<boolean> {
	const months = firstUsePeriod(span);
	if (months === null) return false;
	return standingPeriodAnswers(db, months, span.from, startOfVietnamDay(addDays(span.to, 1)));
}

/** The shortlist's figures, from the standings or from the roll-ups (adoption-shortlist.ts). */
export interface ShortlistRows {
	/** JSON: [agency_id, name, active, used, signed] of the agencies the lists may hold, by name then id. */
	rows: string;
	active: number;
	used: number;
	silent_agencies: number;
	silent_active: number;
}

/**
 * The shortlist's figures (adoptionShortlist) from the kept period's standings: the totals, and the
 * agencies that may stand among the `cut.ranked` best or bottom or the first `cut.silent` that signed
 * nothing. Each list reads its first rows in its order from an index; of the rows tied on every
 * number with its last place, those Node may put first by name: up to the n-th complete name key in
 * byte order (2026_12_13_0200_agency_name_key: where two keys differ and the smaller is complete,
 * the collator agrees), and those whose key is cut short.
 */
export async function standingShortlist(
	db: Kysely<Database>,
	span: DaySpan,
	cut: Pick<Shortlist, 'ranked' | 'silent'>
): Promise<ShortlistRows> {
	const months = firstUsePeriod(span)!;
	const here = sql`s.months = ${months}::smallint and s.period_start = ${span.from}::date and s.active > 0 and s.agency_id <> 0`;
	// The rows tied with a list's last place (the CTE `w`: share, signed, active; the silent list: active
	// among those that signed nothing) up to the n-th complete name key, and those whose key is cut short.
	// The last place's numbers are scalar subqueries, constants when the scans run, so that each scan is
	// one range of an index read in name-key order (a join to `w` would lose that order).
	const tiedWith = (w: string, n: number, silent: boolean) => {
		const of = (column: string) => sql`(select ${sql.ref(`${w}.${column}`)} from ${sql.table(w)})`;
		const numbers = silent
			? sql`s.signed = 0 and s.active = ${of('active')}`
			: sql`s.share = ${of('share')} and s.signed = ${of('signed')} and s.active = ${of('active')}`;
		const order = silent ? sql`s.active desc, s.name_key` : sql`s.share, s.signed, s.active desc, s.name_key`;
		// Keys are ASCII (kk_name_key): U+007F is above every one of them.
		return sql`
			select s.agency_id, s.active, s.used, s.signed from agency_standing s
			where ${here} and ${numbers} and s.name_key <= coalesce((
				select s.name_key from agency_standing s
				where ${here} and ${numbers} and s.keyed
				order by ${order} offset ${n - 1} limit 1), chr(127))
			union
			select s.agency_id, s.active, s.used, s.signed from agency_standing s
			where ${here} and ${numbers} and not s.keyed`;
	};
	const { rows } = await sql<ShortlistRows>`
		with top as (
			select s.agency_id, s.active, s.used, s.signed, s.share from agency_standing s where ${here}
			order by s.share desc, s.signed desc, s.active limit ${cut.ranked}
		),
		top_last as (select t.share, t.signed, t.active from top t order by t.share, t.signed, t.active desc limit 1),
		bottom as (
			select s.agency_id, s.active, s.used, s.signed, s.share from agency_standing s where ${here}
			order by s.share, s.signed, s.active desc, s.name_key limit ${cut.ranked}
		),
		bottom_last as (
			select b.share, b.signed, b.active from bottom b order by b.share desc, b.signed desc, b.active limit 1
		),
		quiet as (
			select s.agency_id, s.active, s.used, s.signed from agency_standing s where ${here} and s.signed = 0
			order by s.active desc, s.name_key limit ${cut.silent}
		),
		quiet_last as (select q.active from quiet q order by q.active limit 1),
		candidates as (
			select t.agency_id, t.active, t.used, t.signed from top t
			union select b.agency_id, b.active, b.used, b.signed from bottom b
			union select q.agency_id, q.active, q.used, q.signed from quiet q
			union ${tiedWith('top_last', cut.ranked, false)}
			union ${tiedWith('bottom_last', cut.ranked, false)}
			union ${tiedWith('quiet_last', cut.silent, true)}
		)
		select (
				select coalesce(json_agg(json_build_array(c.agency_id, c.name, c.active, c.used, c.signed)
					order by c.name, c.agency_id), '[]')::text
				-- A probe per candidate (a few dozen), whatever the planner guesses their number to be.
				from (select c.*, (select a.name from agencies a where a.id = c.agency_id) as name from candidates c) c
			) as rows,
			coalesce(sum(s.active), 0)::int as active, coalesce(sum(s.used), 0)::int as used,
			count(*) filter (where s.agency_id <> 0 and s.signed = 0)::int as silent_agencies,
			coalesce(sum(s.active) filter (where s.agency_id <> 0 and s.signed = 0), 0)::int as silent_active
		from agency_standing s
		where s.months = ${months}::smallint and s.period_start = ${span.from}::date and s.active > 0`.execute(db);
	return rows[0]!;
}
