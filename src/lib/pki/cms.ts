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

export const ATTR = {
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingTime: '1.2.840.113549.1.9.5',
	signingCertificate: '1.2.840.113549.1.9.16.2.12',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
	signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
	revocationValues: '1.2.840.113549.1.9.16.2.24',
	adbeRevocationInfo: '1.2.840.113583.1.1.8'
} as const;

export class CmsFormatError extends Error {}

export interface EssCertRef {
	hashOid: string;
	hash: string;
}

export interface CmsSigner {
	/** Issuer canonical key + serial key, or subject key identifier (hex). */
	sid: { issuerKey: string; serialKey: string } | { keyId: string };
	cert: ParsedCert | null;
	digestOid: string;
	signatureAlg: AlgorithmIdentifier;
	signature: Uint8Array;
	signedAttrs: Uint8Array | null;
	contentType: string | null;
	messageDigest: Uint8Array | null;
	signingTime: Date | null;
	essCerts: EssCertRef[] | null;
	timestampTokens: Uint8Array[];
	/** OCSP responses and CRLs carried in the adbe-revocationInfoArchival signed attribute. */
	embeddedOcsp: Uint8Array[];
	embeddedCrls: Uint8Array[];
}

export interface ParsedCms {
	eContentType: string;
	/** Encapsulated content, or null when detached. */
	content: Uint8Array | null;
	certificates: ParsedCert[];
	crls: ParsedCrl[];
	ocspResponses: Uint8Array[];
	signers: CmsSigner[];
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

function attrValues(attrs: pkijs.SignedAndUnsignedAttributes | undefined, type: string): asn1js.AsnType[] {
	const a = attrs?.attributes.find((x) => x.type === type);
	return (a?.values ?? []) as asn1js.AsnType[];
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

/** Parses a DER (or BER) ContentInfo holding SignedData; throws CmsFormatError with a Vietnamese reason. */
export function parseCms(der: Uint8Array, parseCert: (der: Uint8Array) => ParsedCert | null = tryParseCertificate): ParsedCms {
	let sd: pkijs.SignedData;
	try {
		const asn = asn1js.fromBER(toArrayBuffer(der));
		if (asn.offset === -1) throw new Error(asn.result.error);
		const ci = new pkijs.ContentInfo({ schema: asn.result });
		if (ci.contentType !== OID_SIGNED_DATA) throw new CmsFormatError(`ContentInfo không phải SignedData (${ci.contentType})`);
		sd = new pkijs.SignedData({ schema: ci.content });
	} catch (e) {
		if (e instanceof CmsFormatError) throw e;
		throw new CmsFormatError(`không phải cấu trúc CMS SignedData hợp lệ: ${(e as Error).message ?? e}`);
	}
	const certificates: ParsedCert[] = [];
	for (const c of sd.certificates ?? []) {
		if (c instanceof pkijs.Certificate) {
			const p = parseCert(new Uint8Array(c.toSchema().toBER()));
			if (p) certificates.push(p);
		}
	}
	const crls: ParsedCrl[] = [];
	const ocspResponses: Uint8Array[] = [];
	for (const c of sd.crls ?? []) {
		if (c instanceof pkijs.CertificateRevocationList) {
			const p = tryParseCrl(new Uint8Array(c.toSchema().toBER()));
			if (p) crls.push(p);
		} else if (c instanceof pkijs.OtherRevocationInfoFormat && c.otherRevInfoFormat === '1.3.6.1.5.5.7.16.2') {
			ocspResponses.push(new Uint8Array((c.otherRevInfo as asn1js.BaseBlock).toBER()));
		}
	}
	const eContent = sd.encapContentInfo.eContent;
	let content: Uint8Array | null = null;
	if (eContent) {
		// Constructed (BER, chunked) OCTET STRINGs are concatenated.
		const parts = eContent.valueBlock.isConstructed
			? (eContent.valueBlock.value as asn1js.OctetString[]).map((p) => new Uint8Array(p.valueBlock.valueHexView))
			: [new Uint8Array(eContent.valueBlock.valueHexView)];
		content = new Uint8Array(Buffer.concat(parts));
	}
	const signers = sd.signerInfos.map((si) => parseSigner(si, certificates));
	if (!signers.length) throw new CmsFormatError('SignedData không có chữ ký nào (signerInfos rỗng)');
	return { eContentType: sd.encapContentInfo.eContentType, content, certificates, crls, ocspResponses, signers };
}

function parseSigner(si: pkijs.SignerInfo, certs: ParsedCert[]): CmsSigner {
	let sid: CmsSigner['sid'];
	if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
		const issuer = AsnConvert.parse(si.sid.issuer.toSchema().toBER(), Name);
		sid = { issuerKey: canonicalName(issuer), serialKey: toHex(si.sid.serialNumber.valueBlock.valueHexView) };
	} else {
		sid = { keyId: toHex((si.sid as asn1js.OctetString).valueBlock.valueHexView) };
	}
	const cert =
		certs.find((c) =>
			'keyId' in sid ? keyIdOf(c) === sid.keyId : c.issuerKey === sid.issuerKey && c.serialKey === sid.serialKey
		) ?? null;
	let signedAttrs: Uint8Array | null = null;
	if (si.signedAttrs) {
		const raw = new Uint8Array(si.signedAttrs.encodedValue.slice(0));
		raw[0] = 0x31; // [0] IMPLICIT → SET OF, as signed.
		signedAttrs = raw;
	}
	const ct = attrValues(si.signedAttrs, ATTR.contentType)[0];
	const md = attrValues(si.signedAttrs, ATTR.messageDigest)[0];
	const st = attrValues(si.signedAttrs, ATTR.signingTime)[0];
	const ess2 = attrValues(si.signedAttrs, ATTR.signingCertificateV2)[0];
	const ess1 = attrValues(si.signedAttrs, ATTR.signingCertificate)[0];
	const signingTime = st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime ? st.toDate() : null;
	const embeddedOcsp: Uint8Array[] = [];
	const embeddedCrls: Uint8Array[] = [];
	const archival = attrValues(si.signedAttrs, ATTR.adbeRevocationInfo)[0];
	// RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, ... }
	for (const tagged of (archival as asn1js.Sequence | undefined)?.valueBlock.value ?? []) {
		const tag = tagged.idBlock.tagNumber;
		const list = ((tagged as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value ?? [];
		for (const item of list) (tag === 0 ? embeddedCrls : tag === 1 ? embeddedOcsp : []).push(new Uint8Array(item.toBER()));
	}
	return {
		sid,
		cert,
		digestOid: si.digestAlgorithm.algorithmId,
		signatureAlg: AsnConvert.parse(si.signatureAlgorithm.toSchema().toBER(), AlgorithmIdentifier),
		signature: new Uint8Array(si.signature.valueBlock.valueHexView),
		signedAttrs,
		contentType: ct instanceof asn1js.ObjectIdentifier ? ct.valueBlock.toString() : null,
		messageDigest: md instanceof asn1js.OctetString ? new Uint8Array(md.valueBlock.valueHexView) : null,
		signingTime,
		essCerts: ess2 ? essRefs(ess2, true) : ess1 ? essRefs(ess1, false) : null,
		timestampTokens: attrValues(si.unsignedAttrs, ATTR.signatureTimeStampToken).map((v) => new Uint8Array(v.toBER())),
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
