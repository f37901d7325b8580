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
	/**
	 * notBefore and notAfter as `toISOString` writes them, made with the certificate (every report states them); null
	 * for a date `toISOString` refuses (it throws where the time is used, as before).
	 */
	readonly notBeforeIso: string | null;
	readonly notAfterIso: string | null;
	readonly spki: X.SubjectPublicKeyInfo;
	readonly spkiDer: Uint8Array;
	readonly selfIssued: boolean;
	readonly extensions: ReadonlyMap<string, X.Extension>;
	/** Decoded extension value, or undefined when absent; throws on a malformed value. */
	ext<T>(oid: string, type: new () => T): T | undefined;
	/** Node public key (cached); `inheritedParams` completes a DSA key without parameters (RFC 5280 6.1.4 (l)). */
	publicKey(inheritedParams?: ArrayBuffer): KeyObject;
	/** The keyUsage bits (X.KeyUsageFlags), null when the extension is absent; throws when it is malformed. */
	keyUsageBits(): number | null;
	/** RSA (or RSA-PSS) modulus bits of publicKey(), undefined for other keys; throws as publicKey() does. */
	rsaKeyBits(): number | undefined;
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
	return new Certificate(new Uint8Array(input));
}

/**
 * The one implementation of ParsedCert. A class, not an object literal with closures: every certificate shares the
 * same `ext` and `publicKey` functions, so optimised code that calls them keeps one call target when a new verifier
 * parses new certificates (closures per certificate made V8 deoptimise "wrong call target" there).
 */
class Certificate implements ParsedCert {
	readonly fingerprint: string;
	readonly asn: X.Certificate;
	readonly tbs: Uint8Array;
	readonly signature: Uint8Array;
	readonly sigAlg: X.AlgorithmIdentifier;
	readonly subjectKey: string;
	readonly issuerKey: string;
	readonly issuerDer: Uint8Array;
	readonly subject: string;
	readonly issuer: string;
	readonly serialHex: string;
	readonly serialKey: string;
	readonly notBefore: Date;
	readonly notAfter: Date;
	readonly notBeforeIso: string | null;
	readonly notAfterIso: string | null;
	readonly spki: X.SubjectPublicKeyInfo;
	readonly spkiDer: Uint8Array;
	readonly selfIssued: boolean;
	readonly extensions: ReadonlyMap<string, X.Extension>;
	private readonly decoded = new Map<string, unknown>();
	/** The key without inherited parameters, made with the certificate (null when Node cannot read it). */
	private readonly key: KeyObject | null;
	private readonly keys = new Map<string, KeyObject>();
	/** Read with the certificate, not on first use: see keyUsageBits. Undefined when the extension is malformed. */
	private readonly keyUsage: number | null | undefined;
	/** rsaBitsOf(key), read with the certificate: see rsaKeyBits. */
	private readonly rsaBits: number | undefined;

	constructor(readonly der: Uint8Array) {
		const asn = AsnConvert.parse(der, X.Certificate);
		const { tbs } = splitSigned(der);
		const t = asn.tbsCertificate;
		const extensions = new Map<string, X.Extension>();
		for (const e of t.extensions ?? []) {
			if (extensions.has(e.extnID)) throw new Error(`duplicate extension ${e.extnID}`);
			extensions.set(e.extnID, e);
		}
		this.issuerDer = issuerBytes(tbs) ?? nameDer(t.issuer);
		this.fingerprint = sha256Hex(der);
		this.asn = asn;
		this.tbs = tbs;
		this.signature = new Uint8Array(asn.signatureValue);
		this.sigAlg = asn.signatureAlgorithm;
		this.subjectKey = canonicalName(t.subject);
		this.issuerKey = canonicalName(t.issuer);
		this.subject = nameToString(t.subject);
		this.issuer = nameToString(t.issuer);
		this.serialHex = serialToHex(t.serialNumber);
		this.serialKey = toHex(t.serialNumber);
		this.notBefore = t.validity.notBefore.getTime();
		this.notAfter = t.validity.notAfter.getTime();
		this.notBeforeIso = isoOrNull(this.notBefore);
		this.notAfterIso = isoOrNull(this.notAfter);
		this.spki = t.subjectPublicKeyInfo;
		this.spkiDer = new Uint8Array(AsnConvert.serialize(t.subjectPublicKeyInfo));
		this.selfIssued = this.subjectKey === this.issuerKey;
		this.extensions = extensions;
		this.key = keyOrNull(this.spkiDer);
		this.rsaBits = this.key ? rsaBitsOf(this.key) : undefined;
		try {
			this.keyUsage = this.ext(OID.keyUsage, X.KeyUsage)?.toNumber() ?? null;
		} catch {
			this.keyUsage = undefined;
		}
	}

	// Decoded when the certificate is made (it was memoised on first use): a memo's first-use path runs once per
	// certificate, so in a new verifier's first document the optimised judge met a path it had no feedback for and
	// was deoptimised and compiled again.
	keyUsageBits(): number | null {
		if (this.keyUsage === undefined) this.ext(OID.keyUsage, X.KeyUsage); // throws, as before
		return this.keyUsage ?? null;
	}

	// A number kept with the certificate: the crypto policy read the key's details object on every document, and a
	// new verifier's first key's details had another hidden class (Node makes them with a spread), which deoptimised
	// the optimised judge ("wrong map", tenth round).
	rsaKeyBits(): number | undefined {
		return this.key ? this.rsaBits : rsaBitsOf(this.publicKey());
	}

	ext<T>(oid: string, type: new () => T): T | undefined {
		if (this.decoded.has(oid)) return this.decoded.get(oid) as T;
		const e = this.extensions.get(oid);
		const v = e ? AsnConvert.parse(e.extnValue, type) : undefined;
		this.decoded.set(oid, v);
		return v;
	}

	publicKey(inheritedParams?: ArrayBuffer): KeyObject {
		// The common case made with the certificate, like the keyUsage bits (a first-use path per certificate met the
		// optimised signature check without feedback); a key Node cannot read throws here, as before.
		if (!inheritedParams && this.key) return this.key;
		const cacheKey = inheritedParams ? toHex(inheritedParams) : '';
		let k = this.keys.get(cacheKey);
		if (!k) {
			let keyDer = this.spkiDer;
			if (inheritedParams) {
				const spki = new X.SubjectPublicKeyInfo({
					algorithm: new X.AlgorithmIdentifier({
						algorithm: this.spki.algorithm.algorithm,
						parameters: inheritedParams
					}),
					subjectPublicKey: this.spki.subjectPublicKey
				});
				keyDer = new Uint8Array(AsnConvert.serialize(spki));
			}
			k = createPublicKey({ key: Buffer.from(keyDer), format: 'der', type: 'spki' });
			this.keys.set(cacheKey, k);
		}
		return k;
	}
}

/** RSA (or RSA-PSS) modulus bits, undefined for other key types. */
export const rsaBitsOf = (key: KeyObject): number | undefined =>
	key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss'
		? key.asymmetricKeyDetails?.modulusLength
		: undefined;

const isoOrNull = (d: Date): string | null => (Number.isNaN(d.getTime()) ? null : d.toISOString());

function keyOrNull(spkiDer: Uint8Array): KeyObject | null {
	try {
		const k = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
		// Node caches a key's details on the object when first asked (a new hidden class): asked here, so that every
		// certificate's key has the same one when the crypto policy reads it (a new verifier's first key did not).
		void k.asymmetricKeyDetails;
		return k;
	} catch {
		return null;
	}
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
