// agency_standing (migration 2026_12_14_0100): each agency's standing in each kept period, summed from
// agency_active_certificates, agency_first_use and signing_monthly_agency_total.
// Checked against agency_standing_expected() (the same sums over those tables, which verifyRollups
// checks against the events) and recounted whole by `summary rebuild` and the demo seed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RollupDifference } from './rollups';

const line = (r: string) =>
	sql.raw(`concat_ws('|', ${r}.active, ${r}.used, ${r}.signed, ${r}.window_signed)`);

/** Where the kept periods' standings differ from their sums (rows at zero count as absent), and stale name keys. */
export async function standingDifferences(db: Kysely<Database>): Promise<RollupDifference[]> {
	const { rows } = await sql<RollupDifference>`
		with expected as (
			select p.months, p.period_start, x.*
			from agency_standing_period p cross join lateral agency_standing_expected(p.months, p.period_start) x
			where x.active <> 0 or x.used <> 0 or x.signed <> 0 or x.window_signed <> 0
		),
		stored as (
			select s.* from agency_standing s join agency_standing_period p
				on p.months = s.months and p.period_start = s.period_start
			where s.active <> 0 or s.used <> 0 or s.signed <> 0 or s.window_signed <> 0
		)
		select 'agency_standing' as table,
			concat_ws('|', coalesce(r.months, s.months), coalesce(r.period_start, s.period_start),
				coalesce(r.agency_id, s.agency_id)) as key,
			case when r.agency_id is not null then ${line('r')} end as expected,
			case when s.agency_id is not null then ${line('s')} end as stored
		from expected r full join stored s on r.months = s.months and r.period_start = s.period_start
			and r.agency_id = s.agency_id
		where ${line('r')} is distinct from ${line('s')}
		union all
		select 'agency_standing', concat_ws('|', s.months, s.period_start, s.agency_id, 'name_key'), a.name_key, s.name_key
		from agency_standing s join agencies a on a.id = s.agency_id
		where s.name_key is distinct from a.name_key collate "C"
		order by 1, 2
	`.execute(db);
	return rows;
}

/** Recounts every kept period from its sources. */
export async function rebuildStanding(trx: Kysely<Database>): Promise<void> {
	await sql`select agency_standing_rebuild()`.execute(trx);
}
