// A parsed X.509 certificate (RFC 5280 section 4.1) kept with its exact DER, raw TBS bytes (what the issuer signed),
// canonical subject/issuer keys for name chaining, and its extensions decoded once.
import { KeyObject, createPublicKey } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as X from '@peculiar/asn1-x509';
import { sha256Hex, toArrayBuffer, toHex } from './bytes';
import { children, readTlv, slice } from './der-reader';
import { canonicalName, nameDer, nameToString } from './names';

export interface ParsedCert {
	readonly der: Uint8Array;
	readonly fingerprint: string;
	readonly asn: X.Certificate;
	readonly tbs: Uint8Array;
	readonly signature: Uint8Array;
	readonly sigAlg: X.AlgorithmIdentifier;
	readonly subjectKey: string;
	readonly issuerKey: string;
	/** The issuer Name exactly as encoded in the TBS (a CMS IssuerAndSerialNumber usually repeats these bytes). */
	readonly issuerDer: Uint8Array;
	readonly subject: string;
	readonly issuer: string;
	readonly serialHex: string;
	/** The serial's exact DER content in hex: the identity used to match CRL entries and OCSP responses. */
	readonly serialKey: string;
	readonly notBefore: Date;
	readonly notAfter: Date;
	readonly spki: X.SubjectPublicKeyInfo;
	readonly spkiDer: Uint8Array;
	readonly selfIssued: boolean;
	readonly extensions: ReadonlyMap<string, X.Extension>;
	/** Decoded extension value, or undefined when absent; throws on a malformed value. */
	ext<T>(oid: string, type: new () => T): T | undefined;
	/** Node public key (cached); `inheritedParams` completes a DSA key without parameters (RFC 5280 6.1.4 (l)). */
	publicKey(inheritedParams?: ArrayBuffer): KeyObject;
}

/** Lowercase hex of a serial INTEGER as encoded (DER integers are minimal, so equal serials give equal hex). */
export function serialToHex(raw: ArrayBuffer | Uint8Array): string {
	const h = toHex(raw);
	// Drop the sign byte of a positive serial only; negative (malformed) serials keep their two's complement.
	return /^00[89a-f]/.test(h) ? h.slice(2) : h || '00';
}

/** Splits a SIGNED{...} structure (certificate, CRL, OCSP basic response) into its raw TBS, algorithm, signature. */
export function splitSigned(der: Uint8Array): { tbs: Uint8Array } {
	// Slicing first: a CRL of tens of thousands of entries needs no node-by-node decode to find its TBS.
	try {
		const outer = readTlv(der, 0);
		const first = readTlv(der, outer.valueStart, outer.end);
		if (outer.tag === 0x30 && first.tag === 0x30) return { tbs: der.slice(first.start, first.end) };
	} catch {
		/* not plain DER (e.g. BER lengths): the full decoder below decides */
	}
	const parsed = asn1js.fromBER(toArrayBuffer(der), {
		maxNodes: Math.max(10_000, Math.ceil(der.length / 2) + 16)
	});
	if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence))
		throw new Error('not a DER SEQUENCE');
	const first = parsed.result.valueBlock.value[0];
	if (!first) throw new Error('empty SEQUENCE');
	return { tbs: new Uint8Array(first.valueBeforeDecodeView) };
}

/** TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, ... }: the issuer's bytes. */
function issuerBytes(tbs: Uint8Array): Uint8Array | null {
	try {
		const parts = children(tbs, readTlv(tbs, 0));
		const i = parts[0]?.tag === 0xa0 ? 3 : 2;
		return parts[i]?.tag === 0x30 ? slice(tbs, parts[i]) : null;
	} catch {
		return null;
	}
}

export function parseCertificate(input: Uint8Array): ParsedCert {
	const der = new Uint8Array(input);
	const asn = AsnConvert.parse(der, X.Certificate);
	const { tbs } = splitSigned(der);
	const t = asn.tbsCertificate;
	const extensions = new Map<string, X.Extension>();
	for (const e of t.extensions ?? []) {
		if (extensions.has(e.extnID)) throw new Error(`duplicate extension ${e.extnID}`);
		extensions.set(e.extnID, e);
	}
	const decoded = new Map<string, unknown>();
	const keys = new Map<string, KeyObject>();
	const spkiDer = new Uint8Array(AsnConvert.serialize(t.subjectPublicKeyInfo));
	const subjectKey = canonicalName(t.subject);
	const issuerKey = canonicalName(t.issuer);
	return {
		der,
		issuerDer: issuerBytes(tbs) ?? nameDer(t.issuer),
		fingerprint: sha256Hex(der),
		asn,
		tbs,
		signature: new Uint8Array(asn.signatureValue),
		sigAlg: asn.signatureAlgorithm,
		subjectKey,
		issuerKey,
		subject: nameToString(t.subject),
		issuer: nameToString(t.issuer),
		serialHex: serialToHex(t.serialNumber),
		serialKey: toHex(t.serialNumber),
		notBefore: t.validity.notBefore.getTime(),
		notAfter: t.validity.notAfter.getTime(),
		spki: t.subjectPublicKeyInfo,
		spkiDer,
		selfIssued: subjectKey === issuerKey,
		extensions,
		ext<T>(oid: string, type: new () => T): T | undefined {
			if (decoded.has(oid)) return decoded.get(oid) as T;
			const e = extensions.get(oid);
			const v = e ? AsnConvert.parse(e.extnValue, type) : undefined;
			decoded.set(oid, v);
			return v;
		},
		publicKey(inheritedParams?: ArrayBuffer): KeyObject {
			const cacheKey = inheritedParams ? toHex(inheritedParams) : '';
			let k = keys.get(cacheKey);
			if (!k) {
				let keyDer = spkiDer;
				if (inheritedParams) {
					const spki = new X.SubjectPublicKeyInfo({
						algorithm: new X.AlgorithmIdentifier({
							algorithm: t.subjectPublicKeyInfo.algorithm.algorithm,
							parameters: inheritedParams
						}),
						subjectPublicKey: t.subjectPublicKeyInfo.subjectPublicKey
					});
					keyDer = new Uint8Array(AsnConvert.serialize(spki));
				}
				k = createPublicKey({ key: Buffer.from(keyDer), format: 'der', type: 'spki' });
				keys.set(cacheKey, k);
			}
			return k;
		}
	};
}

/** Certificate or null: the import and CMS code treat unparsable certificates as absent, with a reason. */
export function tryParseCertificate(der: Uint8Array): ParsedCert | null {
	try {
		return parseCertificate(der);
	} catch {
		return null;
	}
}

/** RSA modulus bits, EC curve bits, or null for other key types. */
export function keyBits(c: ParsedCert): number | null {
	try {
		const k = c.publicKey();
		const d = k.asymmetricKeyDetails;
		if (d?.modulusLength) return d.modulusLength;
		const curve = d?.namedCurve;
		if (curve) return Number(/(\d{3})/.exec(curve)?.[1] ?? 0) || null;
	} catch {
		/* DSA without parameters and unknown keys have no size here */
	}
	return null;
}

export const OID = {
	basicConstraints: '2.5.29.19',
	keyUsage: '2.5.29.15',
	extKeyUsage: '2.5.29.37',
	subjectAltName: '2.5.29.17',
	issuerAltName: '2.5.29.18',
	nameConstraints: '2.5.29.30',
	certificatePolicies: '2.5.29.32',
	policyMappings: '2.5.29.33',
	policyConstraints: '2.5.29.36',
	inhibitAnyPolicy: '2.5.29.54',
	crlDistributionPoints: '2.5.29.31',
	freshestCrl: '2.5.29.46',
	authorityKeyIdentifier: '2.5.29.35',
	subjectKeyIdentifier: '2.5.29.14',
	authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
	subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
	ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
	anyPolicy: '2.5.29.32.0',
	kpOcspSigning: '1.3.6.1.5.5.7.3.9',
	kpTimeStamping: '1.3.6.1.5.5.7.3.8',
	emailAddress: '1.2.840.113549.1.9.1'
} as const;
