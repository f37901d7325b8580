// Signature verification with node:crypto from X.509/CMS algorithm identifiers (RFC 4055, RFC 5754, RFC 5758), and
// the crypto policy: SHA-1 and RSA keys under 2048 bits refused for signatures made after configurable dates.
import { constants, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { DIGEST_OIDS } from './bytes';
import { startOfVietnamDay } from '../time/vietnam';

interface SigAlg {
	hash: string | null;
	kind: 'rsa' | 'pss' | 'dsa' | 'ecdsa' | 'eddsa';
}

const SIG_ALGS: Record<string, SigAlg> = {
	'1.2.840.113549.1.1.1': { hash: null, kind: 'rsa' },
	'1.2.840.113549.1.1.4': { hash: 'md5', kind: 'rsa' },
	'1.2.840.113549.1.1.5': { hash: 'sha1', kind: 'rsa' },
	'1.2.840.113549.1.1.14': { hash: 'sha224', kind: 'rsa' },
	'1.2.840.113549.1.1.11': { hash: 'sha256', kind: 'rsa' },
	'1.2.840.113549.1.1.12': { hash: 'sha384', kind: 'rsa' },
	'1.2.840.113549.1.1.13': { hash: 'sha512', kind: 'rsa' },
	'1.2.840.113549.1.1.10': { hash: null, kind: 'pss' },
	'1.2.840.10040.4.3': { hash: 'sha1', kind: 'dsa' },
	'2.16.840.1.101.3.4.3.1': { hash: 'sha224', kind: 'dsa' },
	'2.16.840.1.101.3.4.3.2': { hash: 'sha256', kind: 'dsa' },
	'1.2.840.10045.4.1': { hash: 'sha1', kind: 'ecdsa' },
	'1.2.840.10045.4.3.1': { hash: 'sha224', kind: 'ecdsa' },
	'1.2.840.10045.4.3.2': { hash: 'sha256', kind: 'ecdsa' },
	'1.2.840.10045.4.3.3': { hash: 'sha384', kind: 'ecdsa' },
	'1.2.840.10045.4.3.4': { hash: 'sha512', kind: 'ecdsa' },
	'1.2.840.10045.2.1': { hash: null, kind: 'ecdsa' },
	'1.3.101.112': { hash: null, kind: 'eddsa' }
};

export interface SignatureCheck {
	ok: boolean;
	/** Node hash name actually used (for the crypto policy), or null for EdDSA. */
	hash: string | null;
	error?: string;
}

/**
 * Verifies `signature` over `data`. `digestOid` gives the hash when the algorithm does not (CMS rsaEncryption).
 * Never throws: an unknown algorithm or a bad key is `ok: false` with an error.
 */
export function verifySignature(
	alg: AlgorithmIdentifier,
	key: KeyObject,
	data: Uint8Array,
	signature: Uint8Array,
	digestOid?: string
): SignatureCheck {
	const a = SIG_ALGS[alg.algorithm];
	if (!a) return { ok: false, hash: null, error: `thuật toán chữ ký không hỗ trợ (${alg.algorithm})` };
	let hash = a.hash ?? (digestOid ? (DIGEST_OIDS[digestOid] ?? null) : null);
	try {
		if (a.kind === 'eddsa') return { ok: nodeVerify(null, data, key, signature), hash: null };
		if (a.kind === 'pss') {
			const p = alg.parameters ? AsnConvert.parse(alg.parameters, RsaSaPssParams) : new RsaSaPssParams();
			hash = DIGEST_OIDS[p.hashAlgorithm.algorithm] ?? null;
			if (!hash) return { ok: false, hash: null, error: 'hàm băm RSA-PSS không hỗ trợ' };
			const ok = nodeVerify(
				hash,
				data,
				{ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
				signature
			);
			return { ok, hash };
		}
		if (!hash) return { ok: false, hash: null, error: 'không xác định được hàm băm của chữ ký' };
		const ok = nodeVerify(hash, data, a.kind === 'rsa' ? key : { key, dsaEncoding: 'der' }, signature);
		return { ok, hash };
	} catch (e) {
		return { ok: false, hash, error: `lỗi kiểm tra chữ ký: ${(e as Error).message}` };
	}
}

export interface CryptoPolicy {
	/** Signatures made with SHA-1 (or MD5) at or after this time are not accepted; null disables the rule. */
	sha1NotAfter: Date | null;
	/** RSA keys shorter than `minRsaBits` are not accepted for signatures made at or after this time. */
	weakRsaNotAfter: Date | null;
	minRsaBits: number;
}

/**
 * From 01/01/2019 in Vietnam (00:00 +07:00), the day the administrator's setting shows by default:
 * the settings read "2019-01-01" as a Vietnam day, and a verifier with no setting stored must not
 * accept seven more hours of SHA-1 than one with the same day saved.
 */
export const DEFAULT_CRYPTO_POLICY: CryptoPolicy = {
	sha1NotAfter: startOfVietnamDay('2019-01-01'),
	weakRsaNotAfter: startOfVietnamDay('2019-01-01'),
	minRsaBits: 2048
};

/** A Vietnamese reason when the (hash, key) pair is refused for a signature made at `time`, else null. `bits`: the
 * key's RSA modulus bits, undefined for other keys (ParsedCert.rsaKeyBits, rsaBitsOf in certificate.ts). */
export function cryptoPolicyViolation(
	policy: CryptoPolicy,
	hash: string | null,
	bits: number | undefined,
	time: Date
): string | null {
	if (hash === 'md5') return 'thuật toán băm MD5 không được chấp nhận';
	if (hash === 'sha1' && policy.sha1NotAfter && time >= policy.sha1NotAfter)
		return `thuật toán băm SHA-1 không được chấp nhận cho chữ ký sau ${policy.sha1NotAfter.toISOString()}`;
	if (bits && bits < policy.minRsaBits && policy.weakRsaNotAfter && time >= policy.weakRsaNotAfter)
		return `khóa RSA ${bits} bit (dưới ${policy.minRsaBits} bit) không được chấp nhận cho chữ ký sau ${policy.weakRsaNotAfter.toISOString()}`;
	return null;
}
