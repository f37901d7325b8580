// Small readings of a certificate's extensions shared by path validation, the trust-anchor and profile checks, and
// revocation: keyUsage bits (RFC 5280 4.2.1.3), the CA flag (4.2.1.9), the extensions this engine understands
// when critical (6.1.4 (o)), and issuer signatures cached per key.
import * as X from '@peculiar/asn1-x509';
import type { KeyObject } from 'node:crypto';
import { OID, type ParsedCert } from './certificate';
import { verifySignature } from './crypto-verify';

export const KNOWN_CRITICAL = new Set<string>([
	OID.basicConstraints,
	OID.keyUsage,
	OID.extKeyUsage,
	OID.subjectAltName,
	OID.issuerAltName,
	OID.nameConstraints,
	OID.certificatePolicies,
	OID.policyMappings,
	OID.policyConstraints,
	OID.inhibitAnyPolicy,
	OID.crlDistributionPoints,
	OID.freshestCrl,
	OID.authorityKeyIdentifier,
	OID.subjectKeyIdentifier,
	OID.authorityInfoAccess
]);

/** The first critical extension this engine does not understand, or null. */
export function unknownCriticalExtension(c: ParsedCert): string | null {
	for (const e of c.extensions.values()) if (e.critical && !KNOWN_CRITICAL.has(e.extnID)) return e.extnID;
	return null;
}

/** null when the certificate has no keyUsage; throws when it is malformed (bits read once per certificate). */
export function hasKeyUsage(c: ParsedCert, flag: X.KeyUsageFlags): boolean | null {
	const bits = c.keyUsageBits();
	return bits === null ? null : (bits & flag) !== 0;
}

export function isCaCertificate(c: ParsedCert): boolean {
	try {
		return c.ext(OID.basicConstraints, X.BasicConstraints)?.cA === true;
	} catch {
		return false;
	}
}

/** Signature results per (issuer key, certificate) pair: a path re-validated for every document costs no RSA. */
const signatureCache = new WeakMap<ParsedCert, Map<KeyObject, boolean>>();

export function certificateSignedBy(c: ParsedCert, key: KeyObject): boolean {
	let m = signatureCache.get(c);
	if (!m) signatureCache.set(c, (m = new Map()));
	let ok = m.get(key);
	if (ok === undefined) {
		ok = verifySignature(c.sigAlg, key, c.tbs, c.signature).ok;
		m.set(key, ok);
	}
	return ok;
}
