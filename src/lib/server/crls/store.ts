// Keeps a parsed CRL in the crls table the verifiers and revocation-scan read; a CRL already held
// (same DER hash) is left as it is. Type-only PKI import: the jobs list loads without the PKI engine.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ParsedCrl } from '../../pki/crl';

/** Stores `crl`; true when it was new. */
export async function storeCrl(db: Kysely<Database>, crl: ParsedCrl): Promise<boolean> {
	const out = await db
		.insertInto('crls')
		.values({
			issuer_dn: crl.issuer,
			crl_number: crl.crlNumber?.toString() ?? null,
			this_update: crl.thisUpdate,
			next_update: crl.nextUpdate,
			is_delta: crl.deltaBase !== null,
			der_sha256: crl.fingerprint,
			der: crl.der
		})
		.onConflict((oc) => oc.column('der_sha256').doNothing())
		.returning('id')
		.execute();
	return out.length > 0;
}
