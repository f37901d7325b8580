// CMS SignedData parsing (RFC 5652 section 5) into what signature validation needs: encapsulated content, carried
// certificates and revocation data, and per signer the exact DER of the signed attributes (re-tagged as SET OF,
// 5.4: "the DER encoding of the SET OF Attributes"), messageDigest, contentType, signingTime, ESS signing
// certificate references (RFC 2634 / RFC 5035) and RFC 3161 signature time-stamp tokens.
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { pkijs } from './x509';
import { toArrayBuffer, toHex } from './bytes';
import { tryParseCertificate, type ParsedCert } from './certificate';
import { tryParseCrl, type ParsedCrl } from './crl';
import { canonicalName } from './names';
import { Name } from '@peculiar/asn1-x509';
import { children, DerError, oidOf, readTlv, slice, value, type Tlv } from './der-reader';

import { ATTR, CmsFormatError, type CmsSigner, type EssCertRef, type ParsedCms } from './cms-types';
import { parseSignerDer } from './cms-signer-der';

export { ATTR, CmsFormatError, type CmsSigner, type EssCertRef, type ParsedCms } from './cms-types';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

type Attrs = Map<string, asn1js.AsnType[]>;

/** Attributes ::= SET OF SEQUENCE { attrType OID, attrValues SET OF ANY } (RFC 5652 5.3), by type. */
function readAttrs(el: asn1js.AsnType | undefined): Attrs {
	const out: Attrs = new Map();
	for (const a of (el as asn1js.Constructed | undefined)?.valueBlock.value ?? []) {
		const [type, values] = (a as asn1js.Sequence).valueBlock.value;
		if (!(type instanceof asn1js.ObjectIdentifier) || !(values instanceof asn1js.Set))
			throw new CmsFormatError('thuộc tính CMS sai cấu trúc');
		out.set(type.valueBlock.toString(), values.valueBlock.value as asn1js.AsnType[]);
	}
	return out;
}

function essRefs(v: asn1js.AsnType | undefined, v2: boolean): EssCertRef[] {
	// SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), ... }
	const certs = (v as asn1js.Sequence | undefined)?.valueBlock.value[0] as asn1js.Sequence | undefined;
	const out: EssCertRef[] = [];
	for (const id of certs?.valueBlock.value ?? []) {
		const parts = (id as asn1js.Sequence).valueBlock.value;
		let hashOid = v2 ? '2.16.840.1.101.3.4.2.1' : '1.3.14.3.2.26';
		let i = 0;
		if (v2 && parts[0] instanceof asn1js.Sequence) {
			hashOid = (parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
			i = 1;
		}
		const h = parts[i];
		if (h instanceof asn1js.OctetString) out.push({ hashOid, hash: toHex(h.valueBlock.valueHexView) });
	}
	return out;
}

/** The SignerInfo at `t`: the TLV reader, or asn1js for a SignerInfo in an unusual shape. */
function parseSignerAt(b: Uint8Array, t: Tlv, certificates: ParsedCert[]): CmsSigner {
	const fast = parseSignerDer(b, t, certificates);
	if (fast) return fast;
	const asn = asn1js.fromBER(toArrayBuffer(slice(b, t)));
	if (asn.offset === -1) throw new CmsFormatError('SignerInfo không giải mã được');
	if (!(asn.result instanceof asn1js.Sequence)) throw new CmsFormatError('SignerInfo sai cấu trúc');
	return parseSigner(asn.result, certificates);
}

/** Parses a DER (or BER) ContentInfo holding SignedData; throws CmsFormatError with a Vietnamese reason. */
export function parseCms(der: Uint8Array, certs: CertificateReader = PARSE_EACH): ParsedCms {
	const fast = parseCmsDer(der, certs);
	return fast ?? parseCmsPkijs(der, certs);
}

/**
 * Turns a carried certificate's DER into a certificate (null when unparsable): the verifier's context, which interns
 * them. An object with a method, not a function argument: the verifier's is the same method for every verifier, where
 * a closure per verifier changed the call target of the optimised reader ("wrong call target").
 */
export interface CertificateReader {
	parseCert(der: Uint8Array): ParsedCert | null;
}
const PARSE_EACH: CertificateReader = { parseCert: tryParseCertificate };
/** Reads no certificate (the file-kind sniffing needs the structure only). */
export const NO_CERTIFICATES: CertificateReader = { parseCert: () => null };

/** The DER of carried CRLs, for the verifier's addCarried (pushed, not mapped: see parseCmsDer). */
export function crlDers(crls: readonly ParsedCrl[]): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (const c of crls) out.push(c.der);
	return out;
}

/** A ParsedCms whose `content` joins the chunks only when someone asks for it as one array. */
class Cms implements ParsedCms {
	private joined: Uint8Array | null | undefined;
	constructor(
		readonly eContentType: string,
		readonly certificates: ParsedCert[],
		readonly crls: ParsedCrl[],
		readonly ocspResponses: Uint8Array[],
		readonly signers: CmsSigner[],
		readonly contentParts: Uint8Array[] | null
	) {
		this.joined = contentParts && contentParts.length === 1 ? contentParts[0]! : undefined;
	}

	get content(): Uint8Array | null {
		if (this.joined === undefined)
			this.joined = this.contentParts ? new Uint8Array(Buffer.concat(this.contentParts)) : null;
		return this.joined;
	}
}

function withContent(o: Omit<ParsedCms, 'content' | 'contentParts'>, parts: Uint8Array[] | null): ParsedCms {
	return new Cms(o.eContentType, o.certificates, o.crls, o.ocspResponses, o.signers, parts);
}

/** The pkijs path: any BER (indefinite lengths, constructed strings); slower. Exported for tests that compare the
 * two paths. */
export function parseCmsPkijs(der: Uint8Array, certs: CertificateReader): ParsedCms {
	let sd: pkijs.SignedData;
	try {
		const asn = asn1js.fromBER(toArrayBuffer(der));
		if (asn.offset === -1) throw new Error(asn.result.error);
		const ci = new pkijs.ContentInfo({ schema: asn.result });
		if (ci.contentType !== OID_SIGNED_DATA)
			throw new CmsFormatError(`ContentInfo không phải SignedData (${ci.contentType})`);
		sd = new pkijs.SignedData({ schema: ci.content });
	} catch (e) {
		if (e instanceof CmsFormatError) throw e;
		throw new CmsFormatError(`không phải cấu trúc CMS SignedData hợp lệ: ${(e as Error).message ?? e}`);
	}
	const certificates: ParsedCert[] = [];
	for (const c of sd.certificates ?? []) {
		if (c instanceof pkijs.Certificate) {
			const p = certs.parseCert(new Uint8Array(c.toSchema().toBER()));
			if (p) certificates.push(p);
		}
	}
	const crls: ParsedCrl[] = [];
	const ocspResponses: Uint8Array[] = [];
	for (const c of sd.crls ?? []) {
		if (c instanceof pkijs.CertificateRevocationList) {
			const p = tryParseCrl(new Uint8Array(c.toSchema().toBER()));
			if (p) crls.push(p);
		} else if (
			c instanceof pkijs.OtherRevocationInfoFormat &&
			c.otherRevInfoFormat === '1.3.6.1.5.5.7.16.2'
		) {
			ocspResponses.push(new Uint8Array((c.otherRevInfo as asn1js.BaseBlock).toBER()));
		}
	}
	const eContent = sd.encapContentInfo.eContent;
	let parts: Uint8Array[] | null = null;
	if (eContent) {
		// Constructed (BER, chunked) OCTET STRINGs are hashed chunk by chunk.
		parts = eContent.valueBlock.isConstructed
			? (eContent.valueBlock.value as asn1js.OctetString[]).map(
					(p) => new Uint8Array(p.valueBlock.valueHexView)
				)
			: [new Uint8Array(eContent.valueBlock.valueHexView)];
	}
	const signers = sd.signerInfos.map((si) =>
		parseSigner(asn1js.fromBER(si.toSchema().toBER()).result as asn1js.Sequence, certificates)
	);
	if (!signers.length) throw new CmsFormatError('SignedData không có chữ ký nào (signerInfos rỗng)');
	return withContent(
		{ eContentType: sd.encapContentInfo.eContentType, certificates, crls, ocspResponses, signers },
		parts
	);
}

/** SignerInfo (RFC 5652 5.3) read from its asn1js tree: version, sid, digestAlgorithm, [0] signedAttrs,
 * signatureAlgorithm, signature, [1] unsignedAttrs. */
function parseSigner(si: asn1js.Sequence, certs: ParsedCert[]): CmsSigner {
	const items = si.valueBlock.value;
	let i = 1;
	const sidEl = items[i++];
	let sid: CmsSigner['sid'];
	if (sidEl instanceof asn1js.Sequence) {
		const [issuerEl, serialEl] = sidEl.valueBlock.value;
		if (!issuerEl || !(serialEl instanceof asn1js.Integer))
			throw new CmsFormatError('SignerIdentifier sai cấu trúc');
		sid = {
			issuerKey: canonicalName(AsnConvert.parse(issuerEl.toBER(), Name)),
			serialKey: toHex(serialEl.valueBlock.valueHexView)
		};
	} else if (sidEl && sidEl.idBlock.tagClass === 3 && sidEl.idBlock.tagNumber === 0) {
		sid = { keyId: toHex((sidEl as asn1js.Primitive).valueBlock.valueHexView) };
	} else throw new CmsFormatError('SignerIdentifier sai cấu trúc');
	const digestEl = items[i++] as asn1js.Sequence | undefined;
	const digestOid = (
		digestEl?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined
	)?.valueBlock.toString();
	let signedEl: asn1js.AsnType | undefined;
	if (items[i]?.idBlock.tagClass === 3 && items[i]?.idBlock.tagNumber === 0) signedEl = items[i++];
	const sigAlgEl = items[i++];
	const sigEl = items[i++];
	const unsignedEl =
		items[i]?.idBlock.tagClass === 3 && items[i]?.idBlock.tagNumber === 1 ? items[i] : undefined;
	if (!digestOid || !(sigAlgEl instanceof asn1js.Sequence) || !(sigEl instanceof asn1js.OctetString))
		throw new CmsFormatError('SignerInfo sai cấu trúc');
	const cert =
		certs.find((c) =>
			'keyId' in sid
				? keyIdOf(c) === sid.keyId
				: c.issuerKey === sid.issuerKey && c.serialKey === sid.serialKey
		) ?? null;
	let signedAttrs: Uint8Array | null = null;
	const signed = readAttrs(signedEl);
	if (signedEl) {
		const raw = new Uint8Array(signedEl.valueBeforeDecodeView.slice(0));
		raw[0] = 0x31; // [0] IMPLICIT → SET OF, as signed.
		signedAttrs = raw;
	}
	const unsigned = readAttrs(unsignedEl);
	const first = (m: Attrs, t: string) => m.get(t)?.[0];
	const ct = first(signed, ATTR.contentType);
	const md = first(signed, ATTR.messageDigest);
	const st = first(signed, ATTR.signingTime);
	const ess2 = first(signed, ATTR.signingCertificateV2);
	const ess1 = first(signed, ATTR.signingCertificate);
	const embeddedOcsp: Uint8Array[] = [];
	const embeddedCrls: Uint8Array[] = [];
	// RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, ... }
	for (const tagged of (first(signed, ATTR.adbeRevocationInfo) as asn1js.Sequence | undefined)?.valueBlock
		.value ?? []) {
		const tag = tagged.idBlock.tagNumber;
		const list =
			((tagged as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value ??
			[];
		for (const item of list)
			(tag === 0 ? embeddedCrls : tag === 1 ? embeddedOcsp : []).push(new Uint8Array(item.toBER()));
	}
	return {
		sid,
		cert,
		digestOid,
		signatureAlg: AsnConvert.parse(sigAlgEl.toBER(), AlgorithmIdentifier),
		signature: new Uint8Array(
			sigEl.valueBlock.isConstructed
				? Buffer.concat(
						(sigEl.valueBlock.value as asn1js.OctetString[]).map(
							(x) => new Uint8Array(x.valueBlock.valueHexView)
						)
					)
				: sigEl.valueBlock.valueHexView
		),
		signedAttrs,
		contentType: ct instanceof asn1js.ObjectIdentifier ? ct.valueBlock.toString() : null,
		messageDigest: md instanceof asn1js.OctetString ? new Uint8Array(md.valueBlock.valueHexView) : null,
		signingTime: st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime ? st.toDate() : null,
		essCerts: ess2 ? essRefs(ess2, true) : ess1 ? essRefs(ess1, false) : null,
		timestampTokens: (unsigned.get(ATTR.signatureTimeStampToken) ?? []).map((v) => new Uint8Array(v.toBER())),
		embeddedOcsp,
		embeddedCrls
	};
}

function keyIdOf(c: ParsedCert): string | null {
	const e = c.extensions.get('2.5.29.14');
	if (!e) return null;
	try {
		const v = asn1js.fromBER(e.extnValue.buffer.slice(0) as ArrayBuffer);
		return v.result instanceof asn1js.OctetString ? toHex(v.result.valueBlock.valueHexView) : null;
	} catch {
		return null;
	}
}

/**
 * The fast path for DER: TLV slicing of ContentInfo/SignedData (RFC 5652 5.1), certificates handed over as raw DER
 * (interned by fingerprint), the content not copied, and each SignerInfo read by the TLV reader (asn1js only for a
 * SignerInfo in an unusual shape). Null when the encoding is not plain DER, so the caller uses the pkijs path.
 */
function parseCmsDer(b: Uint8Array, certs: CertificateReader): ParsedCms | null {
	let sdParts: Tlv[];
	let eContentType: string;
	let parts: Uint8Array[] | null = null;
	try {
		const ci = children(b, readTlv(b, 0));
		if (ci.length < 2 || ci[0]!.tag !== 0x06 || ci[1]!.tag !== 0xa0 || oidOf(b, ci[0]!) !== OID_SIGNED_DATA)
			return null;
		const sd = children(b, ci[1]!)[0];
		if (!sd || sd.tag !== 0x30) return null;
		sdParts = children(b, sd);
		const encap = sdParts[2];
		if (!encap || encap.tag !== 0x30) return null;
		const encapParts = children(b, encap);
		if (encapParts[0]?.tag !== 0x06) return null;
		eContentType = oidOf(b, encapParts[0]);
		// Length checked first: reading past the end (a detached signature, every PDF's) deoptimised this function
		// ("out of bounds") when the verifier went from .p7m files to PDFs.
		if (encapParts.length > 1) {
			const oct = children(b, encapParts[1]!)[0];
			if (!oct) return null;
			if (oct.tag === 0x04) parts = [value(b, oct)];
			else if (oct.tag === 0x24) {
				// Constructed OCTET STRING (pkijs and many signers chunk large contents): primitive chunks, hashed in order.
				parts = [];
				for (const c of children(b, oct)) {
					if (c.tag !== 0x04) return null;
					parts.push(value(b, c));
				}
			} else return null;
		}
	} catch (e) {
		if (e instanceof DerError) return null;
		throw e;
	}
	const certificates: ParsedCert[] = [];
	const crls: ParsedCrl[] = [];
	const ocspResponses: Uint8Array[] = [];
	let signerSet: Tlv | undefined;
	for (let k = 3; k < sdParts.length; k++) {
		const part = sdParts[k]!;
		if (part.tag === 0xa0) {
			for (const c of children(b, part))
				if (c.tag === 0x30) {
					const p = certs.parseCert(slice(b, c));
					if (p) certificates.push(p);
				}
		} else if (part.tag === 0xa1) {
			for (const c of children(b, part)) {
				if (c.tag === 0x30) {
					const p = tryParseCrl(new Uint8Array(slice(b, c)));
					if (p) crls.push(p);
				} else if (c.tag === 0xa1) {
					const other = children(b, c);
					if (other[1]) ocspResponses.push(new Uint8Array(slice(b, other[1])));
				}
			}
		} else if (part.tag === 0x31) signerSet = part;
	}
	if (!signerSet) return null;
	// Arrays built by push, not Array.prototype.map: a mapped array's map (hidden class) differs as the call runs in
	// the builtin or inlined in optimised code, and every function reading it was deoptimised ("wrong map") once
	// its caller was optimised, in the verifier's first thousands of documents.
	const signers: CmsSigner[] = [];
	for (const t of children(b, signerSet)) signers.push(parseSignerAt(b, t, certificates));
	if (!signers.length) throw new CmsFormatError('SignedData không có chữ ký nào (signerInfos rỗng)');
	return withContent({ eContentType, certificates, crls, ocspResponses, signers }, parts);
}
