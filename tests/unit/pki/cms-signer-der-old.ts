// The SignerInfo reader as it was before the ninth benchmark round (main 5f74832), kept as the reference its
// replacement is compared with (cms-signer-der.test.ts). Not used by the product.
// SignerInfo (RFC 5652 section 5.3) read straight from its DER with the bounded TLV reader: version, sid,
// digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs, and the attributes the verdict
// needs (contentType, messageDigest, signingTime, ESS signing-certificate(-v2) per RFC 2634 / RFC 5035, RFC 3161
// time-stamp tokens, Adobe revocationInfoArchival). It only accepts the plain DER shapes signing tools produce and
// returns null for anything else (constructed strings, implicit primitives, unusual time forms), so the caller
// decodes that SignerInfo with asn1js instead: both paths give the same CmsSigner for the same input.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name } from '@peculiar/asn1-x509';
import { bytesEqual, toArrayBuffer, toHex } from '../../../src/lib/pki/bytes';
import type { ParsedCert } from '../../../src/lib/pki/certificate';
import { ATTR, type CmsSigner, type EssCertRef } from '../../../src/lib/pki/cms-types';
import { children, DerError, oidOf, slice, timeOf, value, type Tlv } from '../../../src/lib/pki/der-reader';
import { canonicalName } from '../../../src/lib/pki/names';

const TAG = {
	int: 0x02,
	oct: 0x04,
	oid: 0x06,
	seq: 0x30,
	set: 0x31,
	ctx0: 0xa0,
	ctx1: 0xa1,
	ctx0prim: 0x80
} as const;
const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** Thrown inside to mean "not a shape this reader handles": the caller falls back to asn1js. */
class Unusual extends Error {}

const expect = (t: Tlv | undefined, tag: number): Tlv => {
	if (!t || t.tag !== tag) throw new Unusual();
	return t;
};

/** Attributes ::= SET OF SEQUENCE { attrType OID, attrValues SET OF ANY }: first value by type (last one wins, as
 * in the asn1js path). */
function readAttrs(b: Uint8Array, set: Tlv | undefined): Map<string, Tlv | undefined> {
	const out = new Map<string, Tlv | undefined>();
	if (!set) return out;
	for (const a of children(b, set)) {
		const [type, values, extra] = children(b, expect(a, TAG.seq));
		if (extra) throw new Unusual();
		out.set(oidOf(b, expect(type, TAG.oid)), children(b, expect(values, TAG.set))[0]);
	}
	return out;
}

function readAllValues(b: Uint8Array, set: Tlv | undefined, oid: string): Uint8Array[] {
	const out: Uint8Array[] = [];
	if (!set) return out;
	for (const a of children(b, set)) {
		const [type, values] = children(b, expect(a, TAG.seq));
		if (oidOf(b, expect(type, TAG.oid)) === oid)
			out.length = 0; // the last attribute of a type wins
		else continue;
		for (const v of children(b, expect(values, TAG.set))) out.push(new Uint8Array(slice(b, v)));
	}
	return out;
}

/** SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }. */
function essRefs(b: Uint8Array, v: Tlv, v2: boolean): EssCertRef[] {
	const certs = children(b, expect(v, TAG.seq))[0];
	const out: EssCertRef[] = [];
	if (!certs) return out;
	for (const id of children(b, expect(certs, TAG.seq))) {
		const parts = children(b, expect(id, TAG.seq));
		let hashOid = v2 ? SHA256 : SHA1;
		let i = 0;
		if (v2 && parts[0]?.tag === TAG.seq) {
			hashOid = oidOf(b, expect(children(b, parts[0])[0], TAG.oid));
			i = 1;
		}
		const h = parts[i];
		if (h?.tag === TAG.oct) out.push({ hashOid, hash: toHex(value(b, h)) });
		else if (h?.tag === 0x24) throw new Unusual();
	}
	return out;
}

/** RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, ... } */
function adbeRevocation(b: Uint8Array, v: Tlv, crls: Uint8Array[], ocsps: Uint8Array[]): void {
	for (const tagged of children(b, expect(v, TAG.seq))) {
		const low = tagged.tag & 0x1f;
		if (tagged.tag !== TAG.ctx0 && tagged.tag !== TAG.ctx1) {
			if (low <= 1 || !(tagged.tag & 0x20)) throw new Unusual();
			continue;
		}
		const list = children(b, tagged)[0];
		if (!list) continue;
		for (const item of children(b, expect(list, TAG.seq)))
			(low === 0 ? crls : ocsps).push(new Uint8Array(slice(b, item)));
	}
}

function keyIdOf(c: ParsedCert): string | null {
	const e = c.extensions.get('2.5.29.14');
	if (!e) return null;
	try {
		const b = new Uint8Array(e.extnValue.buffer, e.extnValue.byteOffset, e.extnValue.byteLength);
		const t = children(b, { tag: 0x30, start: 0, valueStart: 0, end: b.length })[0];
		return t?.tag === TAG.oct ? toHex(value(b, t)) : null;
	} catch {
		return null;
	}
}

function canonicalIssuer(der: Uint8Array): string {
	try {
		return canonicalName(AsnConvert.parse(der, Name));
	} catch {
		throw new Unusual();
	}
}

/** The SignerInfo at `t` in `b`, or null when it is not in a shape this reader handles. */
export function parseSignerDer(b: Uint8Array, t: Tlv, certs: readonly ParsedCert[]): CmsSigner | null {
	try {
		return read(b, t, certs);
	} catch (e) {
		if (e instanceof Unusual || e instanceof DerError) return null;
		throw e;
	}
}

function read(b: Uint8Array, t: Tlv, certs: readonly ParsedCert[]): CmsSigner {
	const items = children(b, expect(t, TAG.seq));
	expect(items[0], TAG.int);
	let i = 1;
	const sidEl = items[i++];
	let sid: CmsSigner['sid'];
	let cert: ParsedCert | null = null;
	if (sidEl?.tag === TAG.seq) {
		// IssuerAndSerialNumber: match on the exact serial, then the issuer by bytes (or RFC 5280 7.1 comparison).
		const [issuerEl, serialEl, extra] = children(b, sidEl);
		if (!issuerEl || extra) throw new Unusual();
		const serialKey = toHex(value(b, expect(serialEl, TAG.int)));
		const issuerDer = slice(b, expect(issuerEl, TAG.seq));
		// Equal bytes give equal canonical names, so the byte comparison only skips decoding the name (decoded at most
		// once, and only when a certificate with the serial has other issuer bytes). A loop, not a closure per document.
		let issuerKey: string | undefined;
		for (const c of certs) {
			if (c.serialKey !== serialKey) continue;
			if (bytesEqual(c.issuerDer, issuerDer)) {
				cert = c;
				break;
			}
			issuerKey ??= canonicalIssuer(issuerDer);
			if (c.issuerKey === issuerKey) {
				cert = c;
				break;
			}
		}
		sid = {
			issuerKey: cert && issuerKey === undefined ? cert.issuerKey : (issuerKey ?? canonicalIssuer(issuerDer)),
			serialKey
		};
	} else if (sidEl?.tag === TAG.ctx0prim) {
		const keyId = toHex(value(b, sidEl));
		sid = { keyId };
		cert = certs.find((c) => keyIdOf(c) === keyId) ?? null;
	} else throw new Unusual();
	const digestOid = oidOf(b, expect(children(b, expect(items[i++], TAG.seq))[0], TAG.oid));
	let signedEl: Tlv | undefined;
	if (items[i]?.tag === TAG.ctx0) signedEl = items[i++];
	const sigAlgEl = expect(items[i++], TAG.seq);
	const sigEl = expect(items[i++], TAG.oct);
	let unsignedEl: Tlv | undefined;
	if (items[i]?.tag === TAG.ctx1) unsignedEl = items[i++];
	if (items[i]) throw new Unusual(); // implicit primitive [0]/[1] or trailing elements: leave to asn1js

	const [algOid, algParams, algExtra] = children(b, sigAlgEl);
	if (algExtra) throw new Unusual();
	const signatureAlg = new AlgorithmIdentifier({ algorithm: oidOf(b, expect(algOid, TAG.oid)) });
	// As @peculiar/asn1-schema decodes an ANY: NULL becomes null, anything else its DER.
	if (algParams)
		signatureAlg.parameters =
			algParams.tag === 0x05 && algParams.end === algParams.valueStart
				? null
				: toArrayBuffer(slice(b, algParams));

	const signed = readAttrs(b, signedEl);
	readAttrs(b, unsignedEl); // shape check only, as the asn1js path does
	let signedAttrs: Uint8Array | null = null;
	if (signedEl) {
		signedAttrs = new Uint8Array(slice(b, signedEl));
		signedAttrs[0] = 0x31; // [0] IMPLICIT → SET OF, as signed (RFC 5652 5.4).
	}
	const ct = signed.get(ATTR.contentType);
	const md = signed.get(ATTR.messageDigest);
	const st = signed.get(ATTR.signingTime);
	if (md && md.tag === 0x24) throw new Unusual();
	let signingTime: Date | null = null;
	if (st && (st.tag === 0x17 || st.tag === 0x18)) {
		signingTime = timeOf(b, st);
		if (!signingTime) throw new Unusual();
	}
	const ess2 = signed.get(ATTR.signingCertificateV2);
	const ess1 = signed.get(ATTR.signingCertificate);
	const embeddedCrls: Uint8Array[] = [];
	const embeddedOcsp: Uint8Array[] = [];
	const adbe = signed.get(ATTR.adbeRevocationInfo);
	if (adbe) adbeRevocation(b, adbe, embeddedCrls, embeddedOcsp);
	return {
		sid,
		cert,
		digestOid,
		signatureAlg,
		signature: new Uint8Array(value(b, sigEl)),
		signedAttrs,
		contentType: ct?.tag === TAG.oid ? oidOf(b, ct) : null,
		messageDigest: md?.tag === TAG.oct ? new Uint8Array(value(b, md)) : null,
		signingTime,
		essCerts: ess2 ? essRefs(b, ess2, true) : ess1 ? essRefs(b, ess1, false) : null,
		timestampTokens: readAllValues(b, unsignedEl, ATTR.signatureTimeStampToken),
		embeddedOcsp,
		embeddedCrls
	};
}
