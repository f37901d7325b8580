// agency_certificate_tally (migration 2026_12_13_0100): the certificates by status and kind over
// each agency's subtree and the province (agency 0), kept by triggers on certificates and the
// agencies' paths; agency_active_certificates (migration 2026_12_13_0110): each agency's own active
// certificates (0: held by none), kept by triggers on certificates. Checked and rebuilt with the signing roll-ups (`kiem-ky summary verify |
// rebuild`) against agency_certificate_tally_expected(), the same counts grouped from the tables.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Where agency_certificate_tally or agency_active_certificates differ from the certificates (rows at zero count as absent). */
export async function certificateTallyDifferences(db: Kysely<Database>): Promise<
	{
		table: 'agency_certificate_tally' | 'agency_active_certificates';
		key: string;
		expected: string | null;
		stored: string | null;
	}[]
> {
	const { rows } = await sql<{
		table: 'agency_certificate_tally' | 'agency_active_certificates';
		key: string;
		expected: string | null;
		stored: string | null;
	}>`
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
		order by 1, 2
	`.execute(db);
	return rows;
}

/** Replaces agency_certificate_tally and agency_active_certificates with the counts from the certificates. */
export async function rebuildCertificateTally(trx: Kysely<Database>): Promise<void> {
	await sql`select agency_certificate_tally_rebuild()`.execute(trx);
	await sql`select agency_active_certificates_rebuild()`.execute(trx);
}
