// RFC 3161 signature time-stamps (section 2.4.2 TSTInfo; RFC 5126 / ETSI EN 319 122 signature-time-stamp over the
// signature value): imprint, TSA signature and TSA certificate; a verified genTime is a proof of existence.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as X from '@peculiar/asn1-x509';
import { pkijs } from './x509';
import { bytesEqual, DIGEST_OIDS, toArrayBuffer } from './bytes';
import { OID, type ParsedCert } from './certificate';
import { CmsFormatError, parseCms } from './cms';
import { checkSignerCrypto } from './signer-checks';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';

export interface TimestampCheck {
	ok: boolean;
	genTime: Date | null;
	reason: string;
	tsa: ParsedCert | null;
}

/** Validates the TSA's certificate (path and revocation) at genTime; supplied by the verifier. */
export type TsaValidator = (
	tsa: ParsedCert,
	extra: readonly ParsedCert[],
	genTime: Date
) => Promise<{ ok: boolean; reason: string }>;

export async function verifyTimestampToken(
	token: Uint8Array,
	signatureValue: Uint8Array,
	validateTsa: TsaValidator
): Promise<TimestampCheck> {
	const bad = (
		reason: string,
		genTime: Date | null = null,
		tsa: ParsedCert | null = null
	): TimestampCheck => ({ ok: false, genTime, reason, tsa });
	let cms;
	try {
		cms = parseCms(token);
	} catch (e) {
		return bad(`dấu thời gian không đúng định dạng: ${e instanceof CmsFormatError ? e.message : String(e)}`);
	}
	if (cms.eContentType !== TST_INFO || !cms.content) return bad('dấu thời gian không chứa TSTInfo');
	let tst: pkijs.TSTInfo;
	try {
		const asn = asn1js.fromBER(toArrayBuffer(cms.content));
		if (asn.offset === -1) throw new Error(asn.result.error);
		tst = new pkijs.TSTInfo({ schema: asn.result });
	} catch (e) {
		return bad(`TSTInfo không giải mã được: ${(e as Error).message}`);
	}
	const genTime = tst.genTime;
	const signer = cms.signers[0]!;
	const hashName = DIGEST_OIDS[tst.messageImprint.hashAlgorithm.algorithmId];
	if (!hashName) return bad('thuật toán băm của dấu thời gian không hỗ trợ', genTime);
	const imprint = new Uint8Array(createHash(hashName).update(signatureValue).digest());
	if (!bytesEqual(imprint, new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView)))
		return bad('dấu thời gian không gắn với giá trị chữ ký này (messageImprint khác)', genTime);
	const crypto = checkSignerCrypto(signer, cms.contentParts, cms.eContentType);
	if (crypto.verdict)
		return bad(
			`chữ ký của dấu thời gian không hợp lệ: ${crypto.verdict.reasons.join('; ')}`,
			genTime,
			signer.cert
		);
	const tsa = signer.cert!;
	const eku = tsa.ext(OID.extKeyUsage, X.ExtendedKeyUsage);
	if (!eku || ![...eku].includes(OID.kpTimeStamping))
		return bad('chứng thư của đơn vị cấp dấu thời gian thiếu EKU timeStamping', genTime, tsa);
	const chain = await validateTsa(tsa, cms.certificates, genTime);
	if (!chain.ok)
		return bad(`chứng thư của đơn vị cấp dấu thời gian không hợp lệ: ${chain.reason}`, genTime, tsa);
	return {
		ok: true,
		genTime,
		reason: `dấu thời gian hợp lệ lúc ${genTime.toISOString()} (${tsa.subject})`,
		tsa
	};
}
