// Certificates and CRLs of a PKCS#7 bundle (.p7b/.p7c: ContentInfo with SignedData, RFC 5652 sections 3 and 5.1)
// sliced from the DER with the bounded TLV reader, without decoding them: a bundle repeating one certificate ten
// thousand times then costs ten thousand hashes, not ten thousand asn1js trees (the caller deduplicates by hash
// before parsing). Returns 'ber' for a bundle written with indefinite lengths (the caller may let the full parser
// try a small one) and null for anything else it cannot read (other content types, absurd element counts).
import { children, DerError, oidOf, readTlv, slice, type Tlv } from './der-reader';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const SEQUENCE = 0x30;
const CERTIFICATES = 0xa0; // [0] IMPLICIT CertificateSet
const CRLS = 0xa1; // [1] IMPLICIT RevocationInfoChoices

/** True when the bytes start like a ContentInfo (SEQUENCE whose first element is an OID), not a certificate or CRL;
 * read from the header alone, so BER (indefinite length) bundles are recognised too. */
export function looksLikeContentInfo(der: Uint8Array): boolean {
	if (der.length < 4 || der[0] !== SEQUENCE) return false;
	const first = der[1]!;
	const header = first <= 0x80 ? 2 : 2 + (first & 0x7f);
	return der[header] === 0x06;
}

export function splitPkcs7(der: Uint8Array): { certs: Uint8Array[]; crls: Uint8Array[] } | 'ber' | null {
	try {
		const top = readTlv(der, 0);
		if (top.tag !== SEQUENCE) return null;
		const [type, explicit] = children(der, top);
		if (!type || type.tag !== 0x06 || oidOf(der, type) !== OID_SIGNED_DATA) return null;
		if (!explicit || explicit.tag !== 0xa0) return null;
		const [sd] = children(der, explicit);
		if (!sd || sd.tag !== SEQUENCE) return null;
		// version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
		const parts = children(der, sd).slice(3);
		const pick = (tag: number): Uint8Array[] => {
			const set: Tlv | undefined = parts.find((t) => t.tag === tag);
			// Attribute certificates and "other" formats are not X.509 certificates or CRLs: not ours to import.
			return set
				? children(der, set)
						.filter((t) => t.tag === SEQUENCE)
						.map((t) => slice(der, t))
				: [];
		};
		return { certs: pick(CERTIFICATES), crls: pick(CRLS) };
	} catch (e) {
		if (e instanceof DerError) return e.message === 'indefinite length' ? 'ber' : null;
		throw e;
	}
}
