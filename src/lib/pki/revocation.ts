// Revocation sources beyond imported CRLs: OCSP responses carried in documents (CMS, PDF DSS), OCSP queried at the
// certificate's AIA responder (RFC 6960, online only) and CRLs fetched from its distribution points (RFC 5280
// 4.2.1.13, online only). Answers are returned as they are; revocation-freshness.ts judges whether they are recent
// enough for the time being checked, so an old answer is kept as evidence rather than dropped.
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import { tryParseCrl, type CrlStore } from './crl';
import { buildOcspRequest, evaluateOcspResponse, newNonce, ocspResponseSerials } from './ocsp';
import type { RevocationAnswer } from './revocation-freshness';
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
	/** Carried OCSP responses by the serial numbers they answer for: a certificate looks only at its own. */
	private readonly ocspBySerial = new Map<string, Uint8Array[]>();
	private readonly ocspSeen = new Set<string>();
	/** Bumped whenever a new carried OCSP response arrives: cached chain results from before it are not reused. */
	generation = 0;
	/** Answers fetched online, kept as evidence (their freshness is judged at each use), per certificate. */
	private readonly fetched = new Map<string, RevocationAnswer[]>();
	private readonly lastOcspFetch = new Map<string, number>();
	private readonly fetchedCrlUrls = new Map<string, Date>();
	/** Evidence: the URL each downloaded CRL (by fingerprint) came from, and the DER of each OCSP answer fetched. */
	readonly crlUrls = new Map<string, string>();
	private readonly fetchedOcspDer = new Map<string, { der: Uint8Array; url: string }[]>();

	constructor(
		private readonly crls: CrlStore,
		private readonly o: OnlineOptions
	) {}

	addOcspResponse(der: Uint8Array): void {
		if (this.ocspSeen.size >= 10_000) return;
		const fp = sha256Hex(der);
		if (this.ocspSeen.has(fp)) return; // the same response carried by many documents is kept once
		this.ocspSeen.add(fp);
		for (const serial of new Set(ocspResponseSerials(der))) {
			const list = this.ocspBySerial.get(serial) ?? [];
			list.push(der);
			this.ocspBySerial.set(serial, list);
		}
		this.generation++;
	}

	/** Verified OCSP answers at hand for `cert`: carried in documents, or fetched earlier. */
	readonly answers = (cert: ParsedCert, issuer: ParsedCert): RevocationAnswer[] => {
		const now = this.o.clock();
		const out = [...(this.fetched.get(cert.fingerprint) ?? [])];
		for (const der of this.ocspBySerial.get(cert.serialKey) ?? []) {
			const r = evaluateOcspResponse(der, cert, issuer, { now });
			if (r.status === 'good' || r.status === 'revoked') out.push(r.answer);
		}
		return out;
	};

	/** The OCSP responses (DER) at hand for `cert`, carried or fetched: the evidence behind `answers`. */
	ocspFor(cert: ParsedCert): { der: Uint8Array; origin: 'document' | 'online'; url: string | null }[] {
		return [
			...(this.ocspBySerial.get(cert.serialKey) ?? []).map((der) => ({
				der,
				origin: 'document' as const,
				url: null
			})),
			...(this.fetchedOcspDer.get(cert.fingerprint) ?? []).map((f) => ({
				der: f.der,
				origin: 'online' as const,
				url: f.url
			}))
		];
	}

	/** Asks the certificate's OCSP responder (AIA, RFC 6960) when online; at most once a minute per certificate. */
	readonly fetchOcsp = async (cert: ParsedCert, issuer: ParsedCert): Promise<RevocationAnswer | null> => {
		if (!this.o.online) return null;
		const now = this.o.clock();
		const last = this.lastOcspFetch.get(cert.fingerprint);
		if (last !== undefined && now.getTime() - last < 60_000) return null;
		this.lastOcspFetch.set(cert.fingerprint, now.getTime());
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
			const r = evaluateOcspResponse(body, cert, issuer, { now, nonce });
			if (r.status === 'good' || r.status === 'revoked') {
				if (this.fetched.size > 50_000) this.fetched.clear();
				if (this.fetchedOcspDer.size > 50_000) this.fetchedOcspDer.clear();
				this.fetchedOcspDer.set(
					cert.fingerprint,
					[...(this.fetchedOcspDer.get(cert.fingerprint) ?? []), { der: body, url }].slice(-4)
				);
				this.fetched.set(
					cert.fingerprint,
					[...(this.fetched.get(cert.fingerprint) ?? []), r.answer].slice(-4)
				);
				return r.answer;
			}
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
					if (crl && this.crls.add(crl)) {
						added = true;
						this.crlUrls.set(crl.fingerprint, url);
					}
				}
			}
		}
		return added;
	};

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
