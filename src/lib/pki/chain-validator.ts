// Certificate validation end to end: candidate paths (chain-builder), RFC 5280 6.1 checks (path-validator), then
// revocation of every certificate on the path (6.1.3 (a)(3)) from CRLs (6.3) and further sources (OCSP), with the
// CRL signer's own path validated to the same trust anchor. Results are cached per certificate and time window.
import * as X from '@peculiar/asn1-x509';
import { buildPaths, CertificatePool } from './chain-builder';
import type { ParsedCert } from './certificate';
import { crlStatus, type RevocationStatus } from './crl-check';
import type { CrlStore, ParsedCrl } from './crl';
import { verifySignature } from './crypto-verify';
import { checkPath, hasKeyUsage, type PathCheckOptions, type PathFailure } from './path-validator';

export type RevocationPolicy = 'require' | 'if-available' | 'none';

/** Extra revocation source tried when CRLs give no answer (OCSP, online CRL fetch). */
export type RevocationLookup = (
	cert: ParsedCert,
	issuer: ParsedCert,
	time: Date
) => Promise<RevocationStatus | null>;

export interface ChainResult {
	status: 'valid' | 'invalid' | 'revoked' | 'no-chain' | 'revocation-unknown';
	path: ParsedCert[];
	failure?: PathFailure;
	/** Revocation status per path position (1..n). */
	revocation: { index: number; status: RevocationStatus }[];
	reason: string;
}

export interface ChainValidatorOptions {
	anchors: CertificatePool;
	pool: CertificatePool;
	crls: CrlStore;
	revocation?: RevocationPolicy;
	lookup?: RevocationLookup;
	/** Fetches CRLs (online, from the distribution points) into the store; true when something new arrived. */
	fetchCrls?: (cert: ParsedCert) => Promise<boolean>;
}

export interface ValidateOptions extends PathCheckOptions {
	/** Current time for CRL freshness; defaults to `time`. */
	now?: Date;
	/** Extra intermediates for this target only (those carried in a signature). */
	extra?: readonly ParsedCert[];
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
				reason: 'không tìm thấy chuỗi tới CA gốc tin cậy'
			};
		let best: ChainResult | null = null;
		for (const path of paths) {
			const r = await this.validatePath(path, v, depth);
			if (r.status === 'valid') return r;
			if (!best || RANK[r.status] < RANK[best.status]) best = r;
		}
		return best!;
	}

	private async validatePath(path: ParsedCert[], v: ValidateOptions, depth: number): Promise<ChainResult> {
		const failure = checkPath(path, v);
		if (failure) return { status: 'invalid', path, failure, revocation: [], reason: failure.reason };
		const policy = this.o.revocation ?? 'require';
		const revocation: ChainResult['revocation'] = [];
		if (policy === 'none') return { status: 'valid', path, revocation, reason: '' };
		for (let i = path.length - 1; i >= 1; i--) {
			const cert = path[i]!;
			const status = await this.status(cert, path, i, v, depth);
			revocation.push({ index: i, status });
			if (status.status === 'revoked' && status.revokedAt <= v.time)
				return {
					status: 'revoked',
					path,
					revocation,
					reason: `chứng thư ${cert.subject} bị thu hồi (${status.reason})`,
					failure: undefined
				};
			if (status.status === 'unknown' && policy === 'require')
				return {
					status: 'revocation-unknown',
					path,
					revocation,
					reason: `${cert.subject}: ${status.reason}`
				};
		}
		return { status: 'valid', path, revocation, reason: '' };
	}

	private async status(
		cert: ParsedCert,
		path: ParsedCert[],
		i: number,
		v: ValidateOptions,
		depth: number
	): Promise<RevocationStatus> {
		const anchor = path[0]!;
		const issuer = path[i - 1]!;
		const now = v.now ?? v.time;
		const fromCrl = await crlStatus(cert, {
			crls: this.o.crls,
			time: v.time,
			now,
			verifySigner: (crl) => this.verifyCrlSigner(crl, path, i, anchor, v, depth)
		});
		if (fromCrl.status !== 'unknown') return fromCrl;
		const other = this.o.lookup ? await this.o.lookup(cert, issuer, v.time) : null;
		if (other) return other;
		if (this.o.fetchCrls && (await this.o.fetchCrls(cert)))
			return crlStatus(cert, {
				crls: this.o.crls,
				time: v.time,
				now,
				verifySigner: (crl) => this.verifyCrlSigner(crl, path, i, anchor, v, depth)
			});
		return fromCrl;
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
		const sigOk = (c: ParsedCert) =>
			verifySignature(crl.asn.signatureAlgorithm, c.publicKey(), crl.tbs, new Uint8Array(crl.asn.signature))
				.ok;
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
			if (r.status === 'valid') return 'ok';
			if (r.status === 'revoked') sawRevoked = true;
		}
		return sawRevoked ? 'revoked' : 'invalid';
	}
}

function sigOkSafe(f: (c: ParsedCert) => boolean, c: ParsedCert): boolean {
	try {
		return f(c);
	} catch {
		return false;
	}
}
