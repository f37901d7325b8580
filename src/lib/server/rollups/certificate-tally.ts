// Three tallies kept by triggers, checked and rebuilt with the signing roll-ups (`kiem-ky summary
// verify | rebuild`), each against its `…_expected()` function (the same counts grouped from the tables):
// - agency_certificate_tally (migration 2026_12_13_0100): the certificates by status and kind over each
//   agency's subtree and the province (agency 0), kept by triggers on certificates and the agencies' paths;
// - agency_active_certificates (migration 2026_12_13_0110): each agency's own active certificates (0: held
//   by none), kept by triggers on certificates;
// - agency_token_tally (migration 2026_12_13_0120): the key devices by custody state per subtree and
//   province, kept by triggers on token_custody_state, tokens and the agencies' paths.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

interface TallyDifference {
	table: 'agency_certificate_tally' | 'agency_active_certificates' | 'agency_token_tally';
	key: string;
	expected: string | null;
	stored: string | null;
}

/** Where the three tallies differ from the tables (rows at zero count as absent). */
export async function certificateTallyDifferences(db: Kysely<Database>): Promise<TallyDifference[]> {
	const { rows } = await sql<TallyDifference>`
		with stored as (select * from agency_certificate_tally where n <> 0)
		select 'agency_certificate_tally' as table,
			concat_ws('|', coalesce(r.agency_id, s.agency_id), coalesce(r.status, s.status), coalesce(r.kind, s.kind)) as key,
			r.n::text as expected, s.n::text as stored
		from agency_certificate_tally_expected() r
			full join stored s on r.agency_id = s.agency_id and r.status = s.status and r.kind = s.kind
		where r.n is distinct from s.n
		union all
		select 'agency_active_certificates', coalesce(r.agency_id, s.agency_id)::text, r.n::text, s.n::text
		from agency_active_certificates_expected() r
			full join (select * from agency_active_certificates where n <> 0) s on r.agency_id = s.agency_id
		where r.n is distinct from s.n
		union all
		select 'agency_token_tally', concat_ws('|', coalesce(r.agency_id, s.agency_id), coalesce(r.status, s.status)),
			r.n::text, s.n::text
		from agency_token_tally_expected() r
			full join (select * from agency_token_tally where n <> 0) s
				on r.agency_id = s.agency_id and r.status = s.status
		where r.n is distinct from s.n
		order by 1, 2
	`.execute(db);
	return rows;
}

/** Replaces the three tallies with the counts from the tables. */
export async function rebuildCertificateTally(trx: Kysely<Database>): Promise<void> {
	await sql`select agency_certificate_tally_rebuild()`.execute(trx);
	await sql`select agency_active_certificates_rebuild()`.execute(trx);
	await sql`select agency_token_tally_rebuild()`.execute(trx);
}
