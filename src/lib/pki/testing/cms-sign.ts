// CMS SignedData producer (RFC 5652 section 5) for tests and demo data: attached (.p7m) or detached (.p7s),
// signed attributes contentType, signingTime, messageDigest and ESS signing-certificate-v2 (RFC 5035), optionally
// an RFC 3161 signature time-stamp (unsigned attribute id-aa-signatureTimeStampToken) from a test TSA.
import { createHash, KeyObject, sign as nodeSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs } from '../x509';
import { toArrayBuffer } from '../bytes';
import type { Issued } from './ca';

export const CMS_OID = {
	data: '1.2.840.113549.1.7.1',
	signedData: '1.2.840.113549.1.7.2',
	tstInfo: '1.2.840.113549.1.9.16.1.4',
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingTime: '1.2.840.113549.1.9.5',
	signingCertificate: '1.2.840.113549.1.9.16.2.12',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
	signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
	sha256: '2.16.840.1.101.3.4.2.1',
	sha1: '1.3.14.3.2.26',
	sha256WithRsa: '1.2.840.113549.1.1.11',
	sha1WithRsa: '1.2.840.113549.1.1.5',
	rsaEncryption: '1.2.840.113549.1.1.1'
} as const;

const privateKeys = new WeakMap<CryptoKey, KeyObject>();
/** node:crypto signs about twice as fast as webcrypto and synchronously; the KeyObject is cached per CryptoKey. */
export function nodePrivateKey(k: CryptoKey): KeyObject {
	let ko = privateKeys.get(k);
	if (!ko) {
		ko = KeyObject.from(k);
		privateKeys.set(k, ko);
	}
	return ko;
}

export interface SignCmsOptions {
	content: Uint8Array;
	signer: Issued;
	/** Extra certificates to embed (intermediates); the signer's own is always embedded unless `omitSignerCertificate`. */
	chain?: Issued[];
	detached?: boolean;
	signingTime?: Date;
	/** Leaves the signingTime attribute out (PAdES baseline signatures carry the time in the PDF's /M instead). */
	omitSigningTime?: boolean;
	/** eContentType; id-data by default. */
	contentType?: string;
	hash?: 'sha256' | 'sha1';
	signingCertificateV2?: boolean;
	omitSignerCertificate?: boolean;
	/**
	 * Adds an RFC 3161 signature time-stamp from this TSA at this time; `imprintOver` stamps other bytes than the
	 * signature value (a token that does not belong to the signature, for HASH_FAILURE fixtures).
	 */
	timestamp?: { tsa: Issued; time: Date; imprintOver?: Uint8Array };
	/** Overrides the computed messageDigest (to build HASH_FAILURE fixtures). */
	messageDigestOverride?: Uint8Array;
	/** OCSP responses carried in SignedData.crls as id-ri-ocsp-response (RFC 5940). */
	ocspResponses?: Uint8Array[];
	/** Further SignerInfos over the same content (co-signatures, RFC 5652 5.1), each with its own certificate. */
	additionalSigners?: { signer: Issued; messageDigestOverride?: Uint8Array }[];
}

const attr = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

export function essCertIdV2(certDer: Uint8Array): asn1js.Sequence {
	const hash = createHash('sha256').update(certDer).digest();
	// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the default SHA-256.
	return new asn1js.Sequence({
		value: [
			new asn1js.Sequence({
				value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash) })] })]
			})
		]
	});
}

/** One SignerInfo with contentType, signingTime, messageDigest and ESS signing-certificate-v2. */
function makeSignerInfo(
	o: SignCmsOptions,
	signer: Issued,
	mdOverride: Uint8Array | undefined
): { signerInfo: pkijs.SignerInfo; signature: Buffer } {
	const hash = o.hash ?? 'sha256';
	const digestOid = hash === 'sha1' ? CMS_OID.sha1 : CMS_OID.sha256;
	const contentType = o.contentType ?? CMS_OID.data;
	const signerCert = pkijs.Certificate.fromBER(toArrayBuffer(signer.der));
	const md = mdOverride ?? createHash(hash).update(o.content).digest();
	const attrs = [
		attr(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: contentType })),
		...(o.omitSigningTime
			? []
			: [attr(CMS_OID.signingTime, new asn1js.UTCTime({ valueDate: o.signingTime ?? new Date() }))]),
		attr(CMS_OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(md)) }))
	];
	if (o.signingCertificateV2 !== false)
		attrs.push(attr(CMS_OID.signingCertificateV2, essCertIdV2(signer.der)));
	const signedAttrsDer = new asn1js.Set({ value: attrs.map((a) => a.toSchema()) }).toBER();
	const signature = nodeSign(hash, new Uint8Array(signedAttrsDer), nodePrivateKey(signer.keys.privateKey));
	const signerInfo = new pkijs.SignerInfo({
		version: 1,
		sid: new pkijs.IssuerAndSerialNumber({
			issuer: signerCert.issuer,
			serialNumber: signerCert.serialNumber
		}),
		digestAlgorithm: new pkijs.AlgorithmIdentifier({
			algorithmId: digestOid,
			algorithmParams: new asn1js.Null()
		}),
		signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs }),
		signatureAlgorithm: new pkijs.AlgorithmIdentifier({
			algorithmId: hash === 'sha1' ? CMS_OID.sha1WithRsa : CMS_OID.sha256WithRsa,
			algorithmParams: new asn1js.Null()
		}),
		signature: new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(signature)) })
	});
	return { signerInfo, signature };
}

/** DER of a ContentInfo holding the SignedData. */
export async function signCms(o: SignCmsOptions): Promise<Uint8Array> {
	const hash = o.hash ?? 'sha256';
	const digestOid = hash === 'sha1' ? CMS_OID.sha1 : CMS_OID.sha256;
	const contentType = o.contentType ?? CMS_OID.data;
	const { signerInfo, signature } = makeSignerInfo(o, o.signer, o.messageDigestOverride);
	const others = (o.additionalSigners ?? []).map(
		(x) => makeSignerInfo(o, x.signer, x.messageDigestOverride).signerInfo
	);
	if (o.timestamp) {
		const token = await createTimestampToken({
			tsa: o.timestamp.tsa,
			time: o.timestamp.time,
			data: o.timestamp.imprintOver ?? new Uint8Array(signature)
		});
		const tokenAsn = asn1js.fromBER(toArrayBuffer(token)).result;
		signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
			type: 1,
			attributes: [new pkijs.Attribute({ type: CMS_OID.signatureTimeStampToken, values: [tokenAsn] })]
		});
	}
	const certs = [
		...(o.omitSignerCertificate ? [] : [o.signer]),
		...(o.additionalSigners ?? []).map((x) => x.signer),
		...(o.chain ?? [])
	].map((c) => pkijs.Certificate.fromBER(toArrayBuffer(c.der)));
	const signedData = new pkijs.SignedData({
		version: 1,
		digestAlgorithms: [
			new pkijs.AlgorithmIdentifier({ algorithmId: digestOid, algorithmParams: new asn1js.Null() })
		],
		encapContentInfo: new pkijs.EncapsulatedContentInfo({
			eContentType: contentType,
			...(o.detached ? {} : { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(o.content) }) })
		}),
		certificates: certs,
		...(o.ocspResponses?.length
			? {
					crls: o.ocspResponses.map(
						(r) =>
							new pkijs.OtherRevocationInfoFormat({
								otherRevInfoFormat: '1.3.6.1.5.5.7.16.2',
								otherRevInfo: asn1js.fromBER(toArrayBuffer(r)).result
							})
					)
				}
			: {}),
		signerInfos: [signerInfo, ...others]
	});
	const ci = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
	return new Uint8Array(ci.toSchema().toBER());
}

/** RFC 3161 TimeStampToken over `data` (the imprint is SHA-256 of it), signed by `tsa` at `time`. */
export async function createTimestampToken(o: {
	tsa: Issued;
	time: Date;
	data: Uint8Array;
	serial?: number;
}): Promise<Uint8Array> {
	const imprint = createHash('sha256').update(o.data).digest();
	const tst = new pkijs.TSTInfo({
		version: 1,
		policy: '1.3.6.1.4.1.99999.1.1',
		messageImprint: new pkijs.MessageImprint({
			hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
			hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(imprint)) })
		}),
		serialNumber: new asn1js.Integer({ value: o.serial ?? Math.floor(Math.random() * 1e9) }),
		genTime: o.time
	});
	return signCms({
		content: new Uint8Array(tst.toSchema().toBER()),
		contentType: CMS_OID.tstInfo,
		signer: o.tsa,
		signingTime: o.time
	});
}
