// The cryptographic part of validating one CMS signer (RFC 5652 section 5.6, ETSI EN 319 102-1 5.2.7 and 5.2.8):
// messageDigest against the content, the signature over the signed attributes, contentType consistency and the
// ESS signing-certificate reference. Everything here is TOTAL_FAILED or INDETERMINATE material, no chain yet.
import { createHash } from 'node:crypto';
import { bytesEqual, DIGEST_OIDS, toHex } from './bytes';
import type { CmsSigner } from './cms';
import { verifySignature } from './crypto-verify';
import { failed, indeterminate, type Verdict } from './verdicts';

export interface CryptoCheckResult {
	verdict: Verdict | null;
	/** Hash actually used for the signature (for the crypto policy). */
	hash: string | null;
}

/**
 * `content` is the signed content (the encapsulated one, the detached file, or the PDF ByteRange slices);
 * `eContentType` the SignedData's encapsulated content type.
 */
export function checkSignerCrypto(
	signer: CmsSigner,
	content: readonly Uint8Array[] | null,
	eContentType: string
): CryptoCheckResult {
	const hashName = DIGEST_OIDS[signer.digestOid];
	if (!hashName)
		return {
			verdict: indeterminate(
				'CRYPTO_CONSTRAINTS_FAILURE',
				`thuật toán băm không hỗ trợ (${signer.digestOid})`
			),
			hash: null
		};
	if (!signer.cert)
		return {
			verdict: indeterminate('NO_SIGNING_CERTIFICATE_FOUND', 'chữ ký không kèm chứng thư của người ký'),
			hash: hashName
		};
	if (!content)
		return {
			verdict: indeterminate('SIGNED_DATA_NOT_FOUND', 'chữ ký tách rời nhưng không có nội dung đã ký'),
			hash: hashName
		};
	const h = createHash(hashName);
	for (const p of content) h.update(p);
	const digest: Uint8Array = h.digest(); // compared, never kept: the Buffer itself, no copy
	let data: Uint8Array;
	if (signer.signedAttrs) {
		if (!signer.messageDigest)
			return { verdict: failed('FORMAT_FAILURE', 'thiếu thuộc tính messageDigest'), hash: hashName };
		if (!bytesEqual(signer.messageDigest, digest))
			return {
				verdict: failed('HASH_FAILURE', 'giá trị băm của nội dung không khớp messageDigest đã ký'),
				hash: hashName
			};
		if (signer.contentType !== eContentType)
			return {
				verdict: failed('FORMAT_FAILURE', 'thuộc tính contentType không khớp loại nội dung'),
				hash: hashName
			};
		data = signer.signedAttrs;
	} else {
		data = Buffer.concat(content);
	}
	let key;
	try {
		key = signer.cert.publicKey();
	} catch (e) {
		return {
			verdict: indeterminate(
				'NO_SIGNING_CERTIFICATE_FOUND',
				`khóa công khai không đọc được: ${(e as Error).message}`
			),
			hash: hashName
		};
	}
	const sig = verifySignature(signer.signatureAlg, key, data, signer.signature, signer.digestOid);
	if (!sig.ok) {
		return {
			verdict: failed(
				'SIG_CRYPTO_FAILURE',
				sig.error ?? 'chữ ký không đúng với khóa công khai của chứng thư người ký'
			),
			hash: hashName
		};
	}
	if (signer.essCerts) {
		const ok = signer.essCerts.some((r) => {
			const n = DIGEST_OIDS[r.hashOid];
			if (!n) return false;
			const certHash =
				n === 'sha256' ? signer.cert!.fingerprint : toHex(createHash(n).update(signer.cert!.der).digest());
			return certHash === r.hash;
		});
		if (!ok)
			return {
				verdict: indeterminate(
					'NO_SIGNING_CERTIFICATE_FOUND',
					'thuộc tính ESS signing-certificate không khớp chứng thư người ký'
				),
				hash: hashName
			};
	}
	return { verdict: null, hash: sig.hash ?? hashName };
}
