// Revocation sources beyond imported CRLs: OCSP responses carried in documents (CMS, PDF DSS), OCSP queried at the
// certificate's AIA responder (RFC 6960, online only) and CRLs fetched from its distribution points (RFC 5280
// 4.2.1.13, online only); answers are cached per certificate until their nextUpdate.
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import type { RevocationStatus } from './crl-check';
import { tryParseCrl, type CrlStore } from './crl';
import { buildOcspRequest, evaluateOcspResponse, newNonce } from './ocsp';
import { pemBlocks, sha256Hex } from './bytes';

export interface OnlineOptions {
	online: boolean;
	fetch?: typeof fetch;
	timeoutMs?: number;
	clock: () => Date;
}

export function httpUrls(gns: readonly X.GeneralName[] | undefined): string[] {
	return (gns ?? [])
		.map((g) => g.uniformResourceIdentifier)
		.filter((u): u is string => !!u && /^https?:\/\//i.test(u));
}

export class RevocationService {
	private readonly ocspResponses: Uint8Array[] = [];
	private readonly ocspSeen = new Set<string>();
	/** Bumped whenever a new carried OCSP response arrives: cached chain results from before it are not reused. */
	generation = 0;
	private readonly ocspCache = new Map<string, { status: RevocationStatus; until: Date }>();
	private readonly fetchedCrlUrls = new Map<string, Date>();

	constructor(
		private readonly crls: CrlStore,
		private readonly o: OnlineOptions
	) {}

	addOcspResponse(der: Uint8Array): void {
		if (this.ocspResponses.length >= 10_000) return;
		const fp = sha256Hex(der);
		if (this.ocspSeen.has(fp)) return; // the same response carried by many documents is kept once
		this.ocspSeen.add(fp);
		this.ocspResponses.push(der);
		this.generation++;
	}

	/** OCSP: cached answer, then responses carried in documents, then the AIA responder when online. */
	readonly lookup = async (
		cert: ParsedCert,
		issuer: ParsedCert,
		time: Date
	): Promise<RevocationStatus | null> => {
		const now = this.o.clock();
		const cached = this.ocspCache.get(cert.fingerprint);
		if (cached && cached.until >= now) return cached.status;
		for (const der of this.ocspResponses) {
			const r = evaluateOcspResponse(der, cert, issuer, { now, time });
			if (r.status === 'good' || r.status === 'revoked') return this.remember(cert, r, now);
		}
		if (!this.o.online) return null;
		let aia: X.AuthorityInfoAccessSyntax | undefined;
		try {
			aia = cert.ext(OID.authorityInfoAccess, X.AuthorityInfoAccessSyntax);
		} catch {
			return null;
		}
		const urls = httpUrls(
			[...(aia ?? [])].filter((a) => a.accessMethod === '1.3.6.1.5.5.7.48.1').map((a) => a.accessLocation)
		);
		for (const url of urls) {
			const nonce = newNonce();
			const body = await this.http(url, {
				method: 'POST',
				headers: { 'content-type': 'application/ocsp-request' },
				body: Buffer.from(buildOcspRequest(cert, issuer, nonce))
			});
			if (!body) continue;
			const r = evaluateOcspResponse(body, cert, issuer, { now, nonce, time });
			if (r.status === 'good' || r.status === 'revoked') return this.remember(cert, r, now);
		}
		return null;
	};

	/** Downloads the certificate's CRLs (online only, each URL at most once per 10 minutes). */
	readonly fetchCrls = async (cert: ParsedCert): Promise<boolean> => {
		if (!this.o.online) return false;
		let dps: X.CRLDistributionPoints | undefined;
		try {
			dps = cert.ext(OID.crlDistributionPoints, X.CRLDistributionPoints);
		} catch {
			return false;
		}
		const now = this.o.clock();
		let added = false;
		for (const dp of dps ?? []) {
			for (const url of httpUrls(dp.distributionPoint?.fullName)) {
				const last = this.fetchedCrlUrls.get(url);
				if (last && now.getTime() - last.getTime() < 600_000) continue;
				this.fetchedCrlUrls.set(url, now);
				const body = await this.http(url, { method: 'GET' });
				if (!body) continue;
				const blocks = pemBlocks(Buffer.from(body).toString('latin1'));
				for (const der of blocks.length ? blocks.map((b) => b.der) : [body]) {
					const crl = tryParseCrl(der);
					if (crl && this.crls.add(crl)) added = true;
				}
			}
		}
		return added;
	};

	private remember(
		cert: ParsedCert,
		r: RevocationStatus & { nextUpdate?: Date | null },
		now: Date
	): RevocationStatus {
		const until = r.nextUpdate ?? new Date(now.getTime() + 3600_000);
		this.ocspCache.set(cert.fingerprint, { status: r, until });
		return r;
	}

	private async http(url: string, init: RequestInit): Promise<Uint8Array | null> {
		const f = this.o.fetch ?? globalThis.fetch;
		const ctl = new AbortController();
		const timer = setTimeout(() => ctl.abort(), this.o.timeoutMs ?? 10_000);
		try {
			const res = await f(url, { ...init, signal: ctl.signal });
			if (!res.ok) return null;
			const buf = new Uint8Array(await res.arrayBuffer());
			return buf.length > 50 * 1024 * 1024 ? null : buf;
		} catch {
			return null;
		} finally {
			clearTimeout(timer);
		}
	}
}
