// Puts a CA certificate into the trust store (ca_certificates) as the import does, for tests that
// build their own PKI.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { parseCertificate } from '../../src/lib/pki/certificate';

export async function insertCaCertificate(
	db: Kysely<Database>,
	der: Uint8Array,
	trusted = true
): Promise<void> {
	const c = parseCertificate(der);
	await db
		.insertInto('ca_certificates')
		.values({
			fingerprint_sha256: c.fingerprint,
			subject_dn: c.subject,
			issuer_dn: c.issuer,
			serial_number: c.serialHex,
			not_before: c.notBefore,
			not_after: c.notAfter,
			trusted,
			der
		})
		.execute();
}
