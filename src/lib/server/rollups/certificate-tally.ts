// agency_certificate_tally (migration 2026_12_13_0100): the certificates by status and kind over
// each agency's subtree and the province (agency 0), kept by triggers on certificates and the
// agencies' paths. Checked and rebuilt with the signing roll-ups (`kiem-ky summary verify |
// rebuild`) against agency_certificate_tally_expected(), the same counts grouped from the tables.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Where agency_certificate_tally differs from the certificates (rows at zero count as absent). */
export async function certificateTallyDifferences(db: Kysely<Database>): Promise<
	{
		table: 'agency_certificate_tally';
		key: string;
		expected: string | null;
		stored: string | null;
	}[]
> {
	const { rows } = await sql<{
		table: 'agency_certificate_tally';
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
		order by 2
	`.execute(db);
	return rows;
}

/** Replaces agency_certificate_tally with the counts from the certificates. */
export async function rebuildCertificateTally(trx: Kysely<Database>): Promise<void> {
	await sql`select agency_certificate_tally_rebuild()`.execute(trx);
}
