// agency_counts (migration 2026_12_11_0110): each agency's counts over its subtree, kept by
// triggers on certificates, people, token_custody_state, findings and the agencies' paths. Checked
// and rebuilt with the signing roll-ups (`kiem-ky summary verify | rebuild`) against
// agency_counts_expected(), the same counts grouped from the tables.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

const line = (r: string) =>
	sql.raw(`concat_ws('|', ${r}.certificates, ${r}.people, ${r}.tokens, ${r}.findings)`);

/** Where agency_counts differs from the tables (rows at zero count as absent). */
export async function agencyCountDifferences(
	db: Kysely<Database>
): Promise<{ table: 'agency_counts'; key: string; expected: string | null; stored: string | null }[]> {
	const { rows } = await sql<{
		table: 'agency_counts';
		key: string;
		expected: string | null;
		stored: string | null;
	}>`
		with stored as (select * from agency_counts
			where certificates <> 0 or people <> 0 or tokens <> 0 or findings <> 0)
		select 'agency_counts' as table, coalesce(r.agency_id, s.agency_id)::text as key,
			case when r.agency_id is not null then ${line('r')} end as expected,
			case when s.agency_id is not null then ${line('s')} end as stored
		from agency_counts_expected() r full join stored s on r.agency_id = s.agency_id
		where ${line('r')} is distinct from ${line('s')}
		order by coalesce(r.agency_id, s.agency_id)
	`.execute(db);
	return rows;
}

/** Replaces agency_counts with the counts from the tables. */
export async function rebuildAgencyCounts(trx: Kysely<Database>): Promise<void> {
	await sql`select agency_counts_rebuild()`.execute(trx);
}
