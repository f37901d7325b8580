// Certificate validation end to end: candidate paths (chain-builder), RFC 5280 6.1 checks (path-validator, the
// trust anchor's own constraints included), then revocation of every certificate on the path (6.1.3 (a)(3)) from
// CRLs (6.3), OCSP responses at hand and, online, the certificate's OCSP responder and distribution points, with the
// CRL signer's own path validated to the same trust anchor. Freshness and the choice among several answers follow
// revocation-freshness.ts. The RFC 5280 section 4 profile of the path is recorded as findings for the policy.
import * as X from '@peculiar/asn1-x509';
import { buildPaths, CertificatePool } from './chain-builder';
import type { ParsedCert } from './certificate';
import { pathProfileFindings } from './certificate-profile';
import { crlStatus, type CrlResult, type RevocationStatus } from './crl-check';
import type { CrlStore, ParsedCrl } from './crl';
import { verifySignature } from './crypto-verify';
import { checkPath, hasKeyUsage, type PathCheckOptions, type PathFailure } from './path-validator';
import type { ProfileFinding } from './profile-rules';
import { decidingAnswer, supportsCheckAt, type RevocationAnswer } from './revocation-freshness';

/**
 * What to do when no revocation data supports the check: 'require' makes the path 'revocation-unknown';
 * 'warn' (and its older name 'if-available') keeps it 'valid' with the gap recorded for the verdict; 'none' does
 * not look for revocation data at all.
 */
export type RevocationPolicy = 'require' | 'warn' | 'if-available' | 'none';

export interface ChainRevocation {
	index: number;
	status: RevocationStatus;
	/** Every verified answer found for the certificate (the deciding one among them). */
	answers: RevocationAnswer[];
}

export interface ChainResult {
	status: 'valid' | 'invalid' | 'revoked' | 'no-chain' | 'revocation-unknown';
	path: ParsedCert[];
	failure?: PathFailure;
	/** Revocation status per path position (1..n), the target first. */
	revocation: ChainRevocation[];
	/** RFC 5280 section 4 profile rules the path's certificates break (facts: the policy gives them a level). */
	profile: ProfileFinding[];
	reason: string;
}

export interface ChainValidatorOptions {
	anchors: CertificatePool;
	pool: CertificatePool;
	crls: CrlStore;
	revocation?: RevocationPolicy;
	/** Maximum age (ms) of revocation data issued before the validation time; null: each answer's update interval. */
	revocationMaxAgeMs?: number | null;
	/** Verified answers at hand beyond the CRL store (OCSP responses carried in documents, earlier fetches). */
	answers?: (cert: ParsedCert, issuer: ParsedCert) => RevocationAnswer[];
	/** Online: the certificate's OCSP responder, asked when nothing at hand supports the check. */
	fetchOcsp?: (cert: ParsedCert, issuer: ParsedCert) => Promise<RevocationAnswer | null>;
	/** Online: fetches CRLs from the distribution points into the store; true when something new arrived. */
	fetchCrls?: (cert: ParsedCert) => Promise<boolean>;
}

export interface ValidateOptions extends PathCheckOptions {
	/** Current time (a CRL or OCSP answer issued after it is refused); defaults to `time`. */
	now?: Date;
	/** Extra intermediates for this target only (those carried in a signature). */
	extra?: readonly ParsedCert[];
	/** Overrides the validator's `revocationMaxAgeMs` for this validation. */
	revocationMaxAgeMs?: number | null;
}

const RANK: Record<ChainResult['status'], number> = {
	valid: 0,
	revoked: 1,
	'revocation-unknown': 2,
	invalid: 3,
	'no-chain': 4
};

export class ChainValidator {
	constructor(private readonly o: ChainValidatorOptions) {}

	async validate(target: ParsedCert, v: ValidateOptions): Promise<ChainResult> {
		return this.validateDepth(target, v, this.o.anchors, 0);
	}

	private async validateDepth(
		target: ParsedCert,
		v: ValidateOptions,
		anchors: CertificatePool,
		depth: number
	): Promise<ChainResult> {
		let pool = this.o.pool;
		if (v.extra?.length) {
			pool = new CertificatePool(this.o.pool);
			for (const c of v.extra) pool.add(c);
		}
		const paths = buildPaths(target, anchors, pool, { time: v.time });
		if (!paths.length)
			return {
				status: 'no-chain',
				path: [target],
				revocation: [],
				profile: [],
				reason: 'không tìm thấy chuỗi tới CA gốc tin cậy'
			};
		let best: ChainResult | null = null;
		for (const path of paths) {
			const r = await this.validatePath(path, v, depth);
			if (r.status === 'valid' && gaps(r) === 0) return r;
			if (!best || better(r, best)) best = r;
		}
		return best!;
	}

	private async validatePath(path: ParsedCert[], v: ValidateOptions, depth: number): Promise<ChainResult> {
		const profile = pathProfileFindings(path);
		const failure = checkPath(path, v);
		if (failure) return { status: 'invalid', path, failure, revocation: [], profile, reason: failure.reason };
		const policy = this.o.revocation ?? 'require';
		const revocation: ChainRevocation[] = [];
		if (policy === 'none') return { status: 'valid', path, revocation, profile, reason: '' };
		for (let i = path.length - 1; i >= 1; i--) {
			const cert = path[i]!;
			const r = await this.status(cert, path, i, v, depth);
			revocation.push({ index: i, status: r.status, answers: r.answers });
			const status = r.status;
			if (status.status === 'revoked' && status.revokedAt <= v.time)
				return {
					status: 'revoked',
					path,
					revocation,
					profile,
					reason: `chứng thư ${cert.subject} bị thu hồi (${status.reason})`
				};
			if (policy === 'require' && !supported(status))
				return {
					status: 'revocation-unknown',
					path,
					revocation,
					profile,
					reason: `${cert.subject}: ${unsupportedReason(status, v.time)}`
				};
		}
		return { status: 'valid', path, revocation, profile, reason: '' };
	}

	private async status(
		cert: ParsedCert,
		path: ParsedCert[],
		i: number,
		v: ValidateOptions,
		depth: number
	): Promise<{ status: RevocationStatus; answers: RevocationAnswer[] }> {
		const anchor = path[0]!;
		const issuer = path[i - 1]!;
		const maxAge =
			v.revocationMaxAgeMs !== undefined ? v.revocationMaxAgeMs : (this.o.revocationMaxAgeMs ?? null);
		const fromCrls = () =>
			crlStatus(cert, {
				crls: this.o.crls,
				time: v.time,
				now: v.now ?? v.time,
				maxAgeMs: maxAge,
				verifySigner: (crl) => this.verifyCrlSigner(crl, path, i, anchor, v, depth)
			});
		let crl = await fromCrls();
		const fetched: RevocationAnswer[] = [];
		const gather = () => {
			const at = [...(crl.answer ? [crl.answer] : []), ...(this.o.answers?.(cert, issuer) ?? [])];
			return [...at, ...fetched.filter((a) => !at.includes(a))];
		};
		let answers = gather();
		const settled = () => {
			const d = decidingAnswer(answers);
			return !!d && (d.status === 'revoked' || supportsCheckAt(d, v.time, maxAge));
		};
		// Nothing at hand supports the check: the responder first (one request), then the distribution points.
		if (!settled() && this.o.fetchOcsp) {
			const a = await this.o.fetchOcsp(cert, issuer);
			if (a) fetched.push(a);
			answers = gather();
		}
		if (!settled() && this.o.fetchCrls && (await this.o.fetchCrls(cert))) {
			crl = await fromCrls();
			answers = gather();
		}
		return { status: statusOf(decidingAnswer(answers), crl, v.time, maxAge), answers };
	}

	/** RFC 5280 6.3.3 (f)-(g): a CRL signer with cRLSign whose path ends at the same trust anchor. */
	private async verifyCrlSigner(
		crl: ParsedCrl,
		path: ParsedCert[],
		i: number,
		anchor: ParsedCert,
		v: ValidateOptions,
		depth: number
	): Promise<'ok' | 'revoked' | 'invalid'> {
		const sigOk = (c: ParsedCert) => crlSignedBy(crl, c);
		const issuer = path[i - 1]!;
		// The certificate's own issuer on an already validated path: no further path to build.
		if (
			issuer.subjectKey === crl.issuerKey &&
			hasKeyUsage(issuer, X.KeyUsageFlags.cRLSign) !== false &&
			sigOkSafe(sigOk, issuer)
		)
			return 'ok';
		if (depth >= 3) return 'invalid';
		const anchors = new CertificatePool([anchor]);
		const onPath = new Set(path.map((c) => c.fingerprint));
		const candidates = [
			...path.filter((c) => c.subjectKey === crl.issuerKey),
			...this.o.pool.bySubject(crl.issuerKey)
		];
		let sawRevoked = false;
		for (const c of candidates) {
			if (hasKeyUsage(c, X.KeyUsageFlags.cRLSign) === false || !sigOkSafe(sigOk, c)) continue;
			// A certificate of this very path (validated with it; an indirect CRL may even cover its own signer).
			if (onPath.has(c.fingerprint)) return 'ok';
			const r = await this.validateDepth(c, { ...v, targetEku: undefined }, anchors, depth + 1);
			// A separate CRL signer's own revocation must be known: its gaps would not show in the signature's facts.
			if (r.status === 'valid' && r.revocation.every((x) => supported(x.status))) return 'ok';
			if (r.status === 'revoked') sawRevoked = true;
		}
		return sawRevoked ? 'revoked' : 'invalid';
	}
}

/** CRL signature checks per (CRL, signer certificate): re-validating paths costs no RSA. */
const crlSignatures = new WeakMap<ParsedCrl, Map<ParsedCert, boolean>>();

function crlSignedBy(crl: ParsedCrl, c: ParsedCert): boolean {
	let m = crlSignatures.get(crl);
	if (!m) crlSignatures.set(crl, (m = new Map()));
	let ok = m.get(c);
	if (ok === undefined) {
		ok = verifySignature(
			crl.asn.signatureAlgorithm,
			c.publicKey(),
			crl.tbs,
			new Uint8Array(crl.asn.signature)
		).ok;
		m.set(c, ok);
	}
	return ok;
}

/** Good and fresh, or revoked (a revocation after the validation time supports "good at that time"). */
const supported = (s: RevocationStatus) => s.status === 'revoked' || (s.status === 'good' && s.fresh);

function unsupportedReason(s: RevocationStatus, time: Date): string {
	if (s.status === 'good')
		return `thông tin thu hồi mới nhất (${s.source.toUpperCase()} phát hành ${s.thisUpdate.toISOString()}) không đủ mới cho thời điểm ${time.toISOString()}`;
	return s.status === 'unknown' ? s.reason : '';
}

function statusOf(
	d: RevocationAnswer | null,
	crl: CrlResult,
	time: Date,
	maxAge: number | null
): RevocationStatus {
	if (!d) return { status: 'unknown', reason: crl.problem ?? 'không có thông tin thu hồi (CRL/OCSP)' };
	if (d.status === 'revoked')
		return {
			status: 'revoked',
			source: d.source,
			revokedAt: d.revokedAt ?? d.issuedAt,
			reason: d.reason ?? 'không nêu lý do',
			thisUpdate: d.issuedAt,
			reasonCode: d.reasonCode ?? null
		};
	return {
		status: 'good',
		source: d.source,
		thisUpdate: d.issuedAt,
		nextUpdate: d.nextUpdate,
		fresh: supportsCheckAt(d, time, maxAge)
	};
}

/** Paths still to be preferred: unsupported revocation answers and profile findings. */
const gaps = (r: ChainResult) => r.revocation.filter((x) => !supported(x.status)).length + r.profile.length;

const better = (a: ChainResult, b: ChainResult) =>
	RANK[a.status] < RANK[b.status] || (RANK[a.status] === RANK[b.status] && gaps(a) < gaps(b));

function sigOkSafe(f: (c: ParsedCert) => boolean, c: ParsedCert): boolean {
	try {
		return f(c);
	} catch {
		return false;
	}
}
