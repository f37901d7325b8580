// RFC 3161 time-stamp tokens: signature time-stamps (RFC 5126 / ETSI EN 319 122-1 id-aa-signatureTimeStampToken,
// the imprint taken over the SignerInfo's signature value) and PDF document time-stamps (ETSI EN 319 142-1
// /SubFilter /ETSI.RFC3161, the imprint over the /ByteRange). Checked as ETSI EN 319 102-1 §5.4 validates a
// time-stamp: the TSTInfo (RFC 3161 §2.4.2) and its message imprint, the TSA's signature over it, the TSA
// certificate's key purpose (RFC 3161 §2.3: id-kp-timeStamping as the sole extended key usage, marked critical)
// and its path to the same trust anchors at genTime. A verified genTime is a proof of existence (§5.6.2.3).
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as X from '@peculiar/asn1-x509';
import { pkijs } from './x509';
import { bytesEqual, DIGEST_OIDS, toArrayBuffer } from './bytes';
import { OID, type ParsedCert } from './certificate';
import { CmsFormatError, parseCms } from './cms';
import { checkSignerCrypto } from './signer-checks';
import { failed, indeterminate, passed, type SubIndication, type Verdict } from './verdicts';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';

/** Why a token was refused, in the order it is checked. */
export type TimestampFailure = 'format' | 'imprint' | 'signature' | 'tsa-certificate' | 'tsa-path';

export interface TimestampCheck {
	ok: boolean;
	genTime: Date | null;
	reason: string;
	tsa: ParsedCert | null;
	/** Set when `ok` is false. */
	failure?: TimestampFailure;
	/** The sub-indication of the TSA path failure (tsa-path only). */
	pathSubIndication?: SubIndication;
}

/** Validates the TSA's certificate (path and revocation) at genTime; supplied by the verifier. */
export type TsaValidator = (
	tsa: ParsedCert,
	extra: readonly ParsedCert[],
	genTime: Date
) => Promise<{ ok: boolean; reason: string; subIndication?: SubIndication }>;

/** RFC 3161 §2.3: the TSA certificate's only extended key usage is id-kp-timeStamping, and the extension is critical. */
export function tsaKeyPurposeProblem(tsa: ParsedCert): string | null {
	const ext = tsa.extensions.get(OID.extKeyUsage);
	let eku: X.ExtendedKeyUsage | undefined;
	try {
		eku = tsa.ext(OID.extKeyUsage, X.ExtendedKeyUsage);
	} catch {
		return 'phần mở rộng extendedKeyUsage của chứng thư TSA không giải mã được';
	}
	if (!ext || !eku || ![...eku].includes(OID.kpTimeStamping))
		return 'chứng thư của đơn vị cấp dấu thời gian thiếu mục đích timeStamping (RFC 3161 §2.3)';
	if ([...eku].length !== 1)
		return 'chứng thư của đơn vị cấp dấu thời gian có mục đích khác ngoài timeStamping (RFC 3161 §2.3 yêu cầu duy nhất)';
	if (!ext.critical)
		return 'phần mở rộng extendedKeyUsage của chứng thư TSA phải được đánh dấu critical (RFC 3161 §2.3)';
	return null;
}

export async function verifyTimestampToken(
	token: Uint8Array,
	imprinted: Uint8Array,
	validateTsa: TsaValidator
): Promise<TimestampCheck> {
	const bad = (
		failure: TimestampFailure,
		reason: string,
		genTime: Date | null = null,
		tsa: ParsedCert | null = null
	): TimestampCheck => ({ ok: false, genTime, reason, tsa, failure });
	let cms;
	try {
		cms = parseCms(token);
	} catch (e) {
		return bad(
			'format',
			`dấu thời gian không đúng định dạng: ${e instanceof CmsFormatError ? e.message : String(e)}`
		);
	}
	if (cms.eContentType !== TST_INFO || !cms.content) return bad('format', 'dấu thời gian không chứa TSTInfo');
	let tst: pkijs.TSTInfo;
	try {
		const asn = asn1js.fromBER(toArrayBuffer(cms.content));
		if (asn.offset === -1) throw new Error(asn.result.error);
		tst = new pkijs.TSTInfo({ schema: asn.result });
	} catch (e) {
		return bad('format', `TSTInfo không giải mã được: ${(e as Error).message}`);
	}
	const genTime = tst.genTime;
	const signer = cms.signers[0];
	if (!signer) return bad('format', 'dấu thời gian không có người ký (TSA)', genTime);
	const hashName = DIGEST_OIDS[tst.messageImprint.hashAlgorithm.algorithmId];
	if (!hashName) return bad('format', 'thuật toán băm của dấu thời gian không hỗ trợ', genTime);
	const imprint = new Uint8Array(createHash(hashName).update(imprinted).digest());
	if (!bytesEqual(imprint, new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView)))
		return bad(
			'imprint',
			'dấu thời gian không gắn với dữ liệu được đóng dấu: giá trị băm messageImprint không khớp (RFC 3161 §2.4.2)',
			genTime
		);
	const crypto = checkSignerCrypto(signer, cms.contentParts, cms.eContentType);
	if (crypto.verdict)
		return bad(
			'signature',
			`chữ ký của đơn vị cấp dấu thời gian không hợp lệ: ${crypto.verdict.reasons.join('; ')}`,
			genTime,
			signer.cert
		);
	const tsa = signer.cert!;
	const purpose = tsaKeyPurposeProblem(tsa);
	if (purpose) return bad('tsa-certificate', purpose, genTime, tsa);
	const chain = await validateTsa(tsa, cms.certificates, genTime);
	if (!chain.ok)
		return {
			...bad(
				'tsa-path',
				`chứng thư của đơn vị cấp dấu thời gian không hợp lệ lúc ${genTime.toISOString()}: ${chain.reason}`,
				genTime,
				tsa
			),
			pathSubIndication: chain.subIndication
		};
	return {
		ok: true,
		genTime,
		reason: `dấu thời gian hợp lệ lúc ${genTime.toISOString()} (${tsa.subject})`,
		tsa
	};
}

/**
 * The time-stamp's own verdict (ETSI EN 319 102-1 §5.4): a broken imprint is FAILED/HASH_FAILURE, a bad TSA
 * signature FAILED/SIG_CRYPTO_FAILURE, a TSA certificate without the sole timeStamping purpose
 * INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE, a TSA path that does not validate the path's own sub-indication.
 */
export function timestampVerdict(ts: TimestampCheck): Verdict {
	if (ts.ok) return passed([ts.reason]);
	switch (ts.failure) {
		case 'imprint':
			return failed('HASH_FAILURE', ts.reason);
		case 'signature':
			return failed('SIG_CRYPTO_FAILURE', ts.reason);
		case 'tsa-certificate':
			return indeterminate('CHAIN_CONSTRAINTS_FAILURE', ts.reason);
		case 'tsa-path':
			return indeterminate(ts.pathSubIndication ?? 'CHAIN_CONSTRAINTS_FAILURE', ts.reason);
		default:
			return failed('FORMAT_FAILURE', ts.reason);
	}
}
