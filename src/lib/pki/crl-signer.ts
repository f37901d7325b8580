// Which CA certificate signed a CRL. The inventory scan marks certificates revoked from CRLs held in the
// database and downloaded over plain HTTP; a CRL counts only when its signature verifies under a CA
// certificate of its issuer that may sign CRLs (RFC 5280 6.3.3 (f)-(g), without a path: the CA
// certificates themselves are the Sở's trust store).
import * as X from '@peculiar/asn1-x509';
import type { ParsedCert } from './certificate';
import type { ParsedCrl } from './crl';
import { verifySignature } from './crypto-verify';
import { hasKeyUsage } from './path-validator';

/** The CA certificate among `cas` that signed `crl`, or null when none did. */
export function crlSigner(crl: ParsedCrl, cas: readonly ParsedCert[]): ParsedCert | null {
	for (const ca of cas) {
		if (ca.subjectKey !== crl.issuerKey) continue;
		if (hasKeyUsage(ca, X.KeyUsageFlags.cRLSign) === false) continue;
		try {
			const r = verifySignature(
				crl.asn.signatureAlgorithm,
				ca.publicKey(),
				crl.tbs,
				new Uint8Array(crl.asn.signature)
			);
			if (r.ok) return ca;
		} catch {
			// A CA certificate whose key cannot be read cannot have signed it.
		}
	}
	return null;
}
