// OCSP (RFC 6960): request building (4.1, with a nonce, 4.4.1), response checking (4.2, 3.2): the responder is the
// issuing CA or a certificate the CA issued with id-kp-OCSPSigning (4.2.2.2), the signature verifies, the CertID
// matches, the nonce echoes, and thisUpdate is not in the future. Whether the answer is recent enough for the time
// being checked is revocation-freshness.ts's question, not this module's.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as X from '@peculiar/asn1-x509';
import { pkijs } from './x509';
import { bytesEqual, DIGEST_OIDS, toArrayBuffer, toHex } from './bytes';
import { OID, parseCertificate, splitSigned, type ParsedCert } from './certificate';
import { reasonText } from './crl-check';
import { verifySignature } from './crypto-verify';
import { certificateSignedBy } from './certificate-extensions';
import type { RevocationAnswer } from './revocation-freshness';
import { canonicalName, parseName } from './names';

const SHA1 = '1.3.14.3.2.26';
const NONCE = '1.3.6.1.5.5.7.48.1.2';
const BASIC = '1.3.6.1.5.5.7.48.1.1';

/** SHA-1 of the issuer's subjectPublicKey BIT STRING value (RFC 6960 4.1.1 issuerKeyHash). */
const keyHash = (issuer: ParsedCert, hash = 'sha1') =>
	createHash(hash).update(new Uint8Array(issuer.spki.subjectPublicKey)).digest();
const nameHash = (cert: ParsedCert, hash = 'sha1') => createHash(hash).update(rawIssuer(cert)).digest();

function rawIssuer(cert: ParsedCert): Uint8Array {
	// The issuer Name exactly as encoded in the certificate's TBS (second/third element after version and serial).
	const tbs = asn1js.fromBER(toArrayBuffer(cert.tbs)).result as asn1js.Sequence;
	const items = tbs.valueBlock.value;
	const offset = items[0]?.idBlock.tagClass === 3 ? 1 : 0;
	return new Uint8Array(items[offset + 2]!.valueBeforeDecodeView);
}

export function buildOcspRequest(cert: ParsedCert, issuer: ParsedCert, nonce?: Uint8Array): Uint8Array {
	const certId = new pkijs.CertID({
		hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA1, algorithmParams: new asn1js.Null() }),
		issuerNameHash: new asn1js.OctetString({ valueHex: toArrayBuffer(nameHash(cert)) }),
		issuerKeyHash: new asn1js.OctetString({ valueHex: toArrayBuffer(keyHash(issuer)) }),
		serialNumber: new asn1js.Integer({ valueHex: cert.asn.tbsCertificate.serialNumber.slice(0) })
	});
	const req = new pkijs.OCSPRequest();
	req.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
	if (nonce) {
		req.tbsRequest.requestExtensions = [
			new pkijs.Extension({
				extnID: NONCE,
				extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER()
			})
		];
	}
	return new Uint8Array(req.toSchema(true).toBER());
}

export const newNonce = (): Uint8Array => new Uint8Array(randomBytes(16));

export interface OcspCheckOptions {
	now: Date;
	nonce?: Uint8Array;
	/** Extra allowance on thisUpdate in the future (clock skew), default 5 minutes. */
	skewMs?: number;
}

export type OcspResult =
	{ status: 'good' | 'revoked'; answer: RevocationAnswer } | { status: 'unknown' | 'error'; reason: string };

/** The serial numbers (hex of the INTEGER content) a response answers for; empty when it does not parse. */
export function ocspResponseSerials(der: Uint8Array): string[] {
	try {
		const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
		if (!resp.responseBytes || resp.responseBytes.responseType !== BASIC) return [];
		const basic = pkijs.BasicOCSPResponse.fromBER(
			toArrayBuffer(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView))
		);
		return basic.tbsResponseData.responses.map((r) => toHex(r.certID.serialNumber.valueBlock.valueHexView));
	} catch {
		return [];
	}
}

/** Checks an OCSPResponse for `cert` issued by `issuer`; never throws. */
export function evaluateOcspResponse(
	der: Uint8Array,
	cert: ParsedCert,
	issuer: ParsedCert,
	o: OcspCheckOptions
): OcspResult {
	try {
		return evaluate(der, cert, issuer, o);
	} catch (e) {
		return { status: 'error', reason: `phản hồi OCSP không đọc được: ${(e as Error).message}` };
	}
}

function evaluate(der: Uint8Array, cert: ParsedCert, issuer: ParsedCert, o: OcspCheckOptions): OcspResult {
	const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
	const rs = resp.responseStatus.valueBlock.valueDec;
	if (rs !== 0)
		return rs === 3
			? { status: 'unknown', reason: 'máy chủ OCSP bận, cần thử lại sau' }
			: { status: 'error', reason: `máy chủ OCSP trả lỗi (mã ${rs})` };
	if (!resp.responseBytes || resp.responseBytes.responseType !== BASIC)
		return { status: 'error', reason: 'phản hồi OCSP không phải BasicOCSPResponse' };
	const basicDer = new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView);
	const basic = pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(basicDer));
	const { tbs } = splitSigned(basicDer);
	const sigAlg = new X.AlgorithmIdentifier({
		algorithm: basic.signatureAlgorithm.algorithmId,
		parameters: basic.signatureAlgorithm.algorithmParams
			? toArrayBuffer(new Uint8Array(basic.signatureAlgorithm.algorithmParams.toBER()))
			: null
	});
	const signature = new Uint8Array(basic.signature.valueBlock.valueHexView);
	// Responder: the CA itself, or a delegated responder certificate it issued (RFC 6960 4.2.2.2).
	const rid = basic.tbsResponseData.responderID;
	const matchesRid = (c: ParsedCert) =>
		rid instanceof pkijs.RelativeDistinguishedNames
			? canonicalName(parseName(new Uint8Array(rid.toSchema().toBER()))) === c.subjectKey
			: rid instanceof asn1js.OctetString &&
				bytesEqual(new Uint8Array(rid.valueBlock.valueHexView), keyHash(c));
	const carried = (basic.certs ?? []).map((c) => parseCertificate(new Uint8Array(c.toSchema().toBER())));
	let responder: ParsedCert | null = null;
	for (const c of [issuer, ...carried]) {
		if (!matchesRid(c)) continue;
		if (c.fingerprint !== issuer.fingerprint) {
			const eku = c.ext(OID.extKeyUsage, X.ExtendedKeyUsage);
			if (c.issuerKey !== issuer.subjectKey || !certificateSignedBy(c, issuer.publicKey())) continue;
			if (!eku || ![...eku].includes(OID.kpOcspSigning)) continue;
			if (o.now < c.notBefore || o.now > c.notAfter) continue;
		}
		if (verifySignature(sigAlg, c.publicKey(), tbs, signature).ok) {
			responder = c;
			break;
		}
	}
	if (!responder)
		return {
			status: 'error',
			reason: 'chữ ký phản hồi OCSP không hợp lệ hoặc bên trả lời không được CA ủy quyền'
		};
	if (o.nonce) {
		const ext = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE);
		if (ext) {
			const v = asn1js.fromBER(toArrayBuffer(new Uint8Array(ext.extnValue.valueBlock.valueHexView))).result;
			const got =
				v instanceof asn1js.OctetString
					? new Uint8Array(v.valueBlock.valueHexView)
					: new Uint8Array(ext.extnValue.valueBlock.valueHexView);
			if (!bytesEqual(got, o.nonce))
				return { status: 'error', reason: 'nonce của phản hồi OCSP không khớp yêu cầu' };
		}
	}
	const serial = toHex(new Uint8Array(cert.asn.tbsCertificate.serialNumber));
	for (const single of basic.tbsResponseData.responses) {
		const id = single.certID;
		const h = DIGEST_OIDS[id.hashAlgorithm.algorithmId];
		if (!h) continue;
		if (toHex(id.serialNumber.valueBlock.valueHexView) !== serial) continue;
		if (!bytesEqual(new Uint8Array(id.issuerKeyHash.valueBlock.valueHexView), keyHash(issuer, h))) continue;
		if (!bytesEqual(new Uint8Array(id.issuerNameHash.valueBlock.valueHexView), nameHash(cert, h))) continue;
		const skew = o.skewMs ?? 5 * 60_000;
		if (single.thisUpdate.getTime() > o.now.getTime() + skew)
			return { status: 'error', reason: 'phản hồi OCSP có thisUpdate ở tương lai' };
		const next = single.nextUpdate ?? null;
		const tag = (single.certStatus as asn1js.BaseBlock).idBlock.tagNumber;
		const times = { source: 'ocsp' as const, issuedAt: single.thisUpdate, nextUpdate: next };
		if (tag === 0) return { status: 'good', answer: { ...times, status: 'good' } };
		if (tag === 1) {
			const inner = (single.certStatus as asn1js.Constructed).valueBlock.value;
			const t = inner[0] as asn1js.GeneralizedTime;
			const reasonEl = inner[1] as asn1js.Constructed | undefined;
			const code = reasonEl
				? ((reasonEl.valueBlock.value[0] as asn1js.Enumerated | undefined)?.valueBlock.valueDec ?? 0)
				: null;
			return {
				status: 'revoked',
				answer: {
					...times,
					status: 'revoked',
					revokedAt: t.toDate(),
					reasonCode: code,
					reason: reasonText(code)
				}
			};
		}
		return { status: 'unknown', reason: 'máy chủ OCSP không biết chứng thư này' };
	}
	return { status: 'error', reason: 'phản hồi OCSP không có trạng thái cho chứng thư này' };
}
