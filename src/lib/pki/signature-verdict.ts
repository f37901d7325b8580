// The verdict for one signature, ETSI EN 319 102-1 section 5.3 (basic validation) with 5.5-5.6 in part: crypto checks,
// best-signature-time from proofs of existence (archive receipt time, RFC 3161 time-stamps), the signer's path
// validated at that time, then the time rules: expiry and revocation after the proof of existence do not fail a
// signature; revocation before it does.
import * as X from '@peculiar/asn1-x509';
import type { ChainResult } from './chain-validator';
import type { ParsedCert } from './certificate';
import type { CmsSigner } from './cms';
import { cryptoPolicyViolation, type CryptoPolicy } from './crypto-verify';
import { hasKeyUsage } from './path-validator';
import { checkSignerCrypto } from './signer-checks';
import { verifyTimestampToken, type TsaValidator } from './timestamp';
import { failed, indeterminate, passed, type Verdict } from './verdicts';

export interface SignerInfoReport {
	subject: string;
	serial: string;
	issuer: string;
	fingerprint: string;
}

export interface SignatureReport extends Verdict {
	signer: SignerInfoReport | null;
	/** Claimed signing time (signed attribute signingTime), ISO 8601. */
	signingTime: string | null;
	/** Verified time-stamp time, ISO 8601. */
	timestampTime: string | null;
	/** The earliest time the signature is proven to exist (validation time when nothing earlier is proven). */
	bestSignatureTime: string;
	coversWholeDocument: boolean;
	subFilter?: string;
	fieldName?: string;
}

export interface JudgeContext {
	now: Date;
	poeTime?: Date;
	cryptoPolicy: CryptoPolicy;
	/** Validates (with caching) a certificate's path and revocation at `time`, with extra intermediates. */
	validateChain(cert: ParsedCert, extra: readonly ParsedCert[], time: Date): Promise<ChainResult>;
	validateTsa: TsaValidator;
}

export const signerReport = (c: ParsedCert | null): SignerInfoReport | null =>
	c ? { subject: c.subject, serial: c.serialHex, issuer: c.issuer, fingerprint: c.fingerprint } : null;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function judgeSigner(
	signer: CmsSigner,
	content: readonly Uint8Array[] | null,
	eContentType: string,
	extraCerts: readonly ParsedCert[],
	ctx: JudgeContext
): Promise<Omit<SignatureReport, 'coversWholeDocument'>> {
	const base = {
		signer: signerReport(signer.cert),
		signingTime: iso(signer.signingTime),
		timestampTime: null as string | null
	};
	// Keys spelt out, in the order a spread would give: V8 (Node 20) builds `{ ...a, ...b, k }` through a slow path,
	// several µs per report, which shows at thousands of documents per second.
	const done = (v: Verdict, bst: Date) => ({
		signer: base.signer,
		signingTime: base.signingTime,
		timestampTime: base.timestampTime,
		indication: v.indication,
		subIndication: v.subIndication,
		reasons: v.reasons,
		bestSignatureTime: bst.toISOString()
	});
	const crypto = checkSignerCrypto(signer, content, eContentType);
	if (crypto.verdict) return done(crypto.verdict, ctx.now);
	const cert = signer.cert!;
	const reasons: string[] = [];

	// Best-signature-time: validation time, lowered by the archive's proof of existence and by verified time-stamps.
	let bst = ctx.now;
	if (ctx.poeTime && ctx.poeTime < bst) {
		bst = ctx.poeTime;
		reasons.push(`có bằng chứng tồn tại (thời điểm lưu trữ) lúc ${ctx.poeTime.toISOString()}`);
	}
	for (const token of signer.timestampTokens) {
		const ts = await verifyTimestampToken(token, signer.signature, ctx.validateTsa);
		if (ts.ok && ts.genTime) {
			base.timestampTime = ts.genTime.toISOString();
			if (ts.genTime < bst) bst = ts.genTime;
		}
		reasons.push(ts.reason);
	}
	const claimed = signer.signingTime;
	if (claimed && claimed > new Date(bst.getTime() + 5 * 60_000))
		reasons.push(`thời điểm ký khai báo (${claimed.toISOString()}) muộn hơn thời điểm có bằng chứng tồn tại`);

	// Signing certificate usage (RFC 5280 4.2.1.3): digitalSignature or nonRepudiation when keyUsage is present.
	try {
		if (
			hasKeyUsage(cert, X.KeyUsageFlags.digitalSignature) === false &&
			hasKeyUsage(cert, X.KeyUsageFlags.nonRepudiation) === false
		)
			return done(
				indeterminate(
					'CHAIN_CONSTRAINTS_FAILURE',
					'chứng thư người ký không có mục đích ký số (keyUsage)',
					...reasons
				),
				bst
			);
	} catch {
		return done(
			failed('FORMAT_FAILURE', 'phần mở rộng keyUsage của chứng thư người ký không giải mã được'),
			bst
		);
	}

	const chain = await ctx.validateChain(cert, extraCerts, bst);
	const leafIndex = chain.path.length - 1;
	switch (chain.status) {
		case 'no-chain':
			return done(indeterminate('NO_CERTIFICATE_CHAIN_FOUND', chain.reason, ...reasons), bst);
		case 'revocation-unknown':
			return done(indeterminate('TRY_LATER', chain.reason, ...reasons), bst);
		case 'revoked': {
			const rev = chain.revocation.find((r) => r.status.status === 'revoked');
			const at = rev?.status.status === 'revoked' ? rev.status.revokedAt : bst;
			const msg = `${chain.reason}, lúc ${at.toISOString()}`;
			if (rev && rev.index !== leafIndex)
				return done(indeterminate('REVOKED_CA_NO_POE', msg, ...reasons), bst);
			if (claimed && claimed >= at) return done(failed('REVOKED', msg, ...reasons), bst);
			return done(indeterminate('REVOKED_NO_POE', msg, ...reasons), bst);
		}
		case 'invalid': {
			const f = chain.failure!;
			const c = chain.path[f.index]!;
			if (f.code === 'EXPIRED' || f.code === 'NOT_YET_VALID') {
				if (f.index === leafIndex) {
					if (f.code === 'NOT_YET_VALID')
						return done(
							claimed && claimed < c.notBefore
								? failed('NOT_YET_VALID', f.reason, ...reasons)
								: indeterminate('NOT_YET_VALID', f.reason, ...reasons),
							bst
						);
					if (claimed && claimed > c.notAfter)
						return done(
							failed('EXPIRED', f.reason, `thời điểm ký khai báo sau khi chứng thư hết hạn`, ...reasons),
							bst
						);
				}
				return done(indeterminate('OUT_OF_BOUNDS_NO_POE', `${c.subject}: ${f.reason}`, ...reasons), bst);
			}
			return done(indeterminate('CHAIN_CONSTRAINTS_FAILURE', `${c.subject}: ${f.reason}`, ...reasons), bst);
		}
		case 'valid':
			break;
	}
	for (const r of chain.revocation)
		if (r.status.status === 'revoked')
			reasons.push(
				`chứng thư ${chain.path[r.index]?.subject} bị thu hồi lúc ${r.status.revokedAt.toISOString()}, sau thời điểm có bằng chứng tồn tại`
			);
	if (bst > cert.notAfter)
		reasons.push('chứng thư đã hết hạn nhưng chữ ký có bằng chứng tồn tại khi chứng thư còn hiệu lực');
	const policy = cryptoPolicyViolation(ctx.cryptoPolicy, crypto.hash, cert.publicKey(), bst);
	if (policy) {
		const atCutoff =
			claimed && claimed < bst
				? cryptoPolicyViolation(ctx.cryptoPolicy, crypto.hash, cert.publicKey(), claimed)
				: policy;
		return done(
			indeterminate(
				atCutoff ? 'CRYPTO_CONSTRAINTS_FAILURE' : 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
				policy,
				...reasons
			),
			bst
		);
	}
	return done(
		passed([
			`chuỗi chứng thư: ${chain.path
				.map((c) => c.subject)
				.reverse()
				.join(' → ')}`,
			...reasons
		]),
		bst
	);
}
