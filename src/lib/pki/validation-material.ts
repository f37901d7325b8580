// The validation material a verification relied on, kept so it can be shown again years later exactly as it was
// made (ETSI EN 319 102-1 §5.6.3 and ETSI TS 119 102-2: the validation report lists the certificates, revocation
// data and time-stamps it used; RFC 4998 / ETSI EN 319 102-1 §5.6.2.2 keep such material as proofs over time).
// The verifier fills a collector as it validates; each blob is identified by its SHA-256, so a store can keep it
// once. Library code: plain data in, plain data out.
import { pkijs } from './x509';
import { sha256Hex, toArrayBuffer } from './bytes';
import type { ChainResult } from './chain-validator';
import type { ParsedCert } from './certificate';
import type { CryptoPolicy } from './crypto-verify';
import type { CrlStore, ParsedCrl } from './crl';
import type { TimestampCheck } from './timestamp';
import type { ValidationPolicy } from './validation-policy';

export type MaterialOrigin = 'store' | 'document' | 'online';

export interface MaterialCertificate {
	kind: 'certificate';
	der: Uint8Array;
	sha256: string;
	/** 'anchor' is a trust anchor the path ended at; 'tsa' a time-stamping unit's certificate. */
	role: 'anchor' | 'ca' | 'signer' | 'tsa';
	subject: string;
	notBefore: string;
	notAfter: string;
}

export interface MaterialCrl {
	kind: 'crl';
	der: Uint8Array;
	sha256: string;
	issuer: string;
	thisUpdate: string;
	nextUpdate: string | null;
	origin: MaterialOrigin;
	url: string | null;
}

export interface MaterialOcsp {
	kind: 'ocsp';
	der: Uint8Array;
	sha256: string;
	producedAt: string | null;
	thisUpdate: string | null;
	nextUpdate: string | null;
	origin: MaterialOrigin;
	url: string | null;
}

export interface MaterialTimestamp {
	kind: 'timestamp';
	der: Uint8Array;
	sha256: string;
	genTime: string | null;
	tsa: string | null;
	ok: boolean;
}

export type MaterialItem = MaterialCertificate | MaterialCrl | MaterialOcsp | MaterialTimestamp;

/** The settings a verification ran under, as JSON (crypto-policy dates as ISO 8601). */
export interface MaterialSettings {
	policy: ValidationPolicy;
	/** False when revocation was not looked for at all (the older option `revocation.policy: 'none'`). */
	revocationChecked: boolean;
	online: boolean;
	cryptoPolicy: { sha1NotAfter: string | null; weakRsaNotAfter: string | null; minRsaBits: number };
}

export interface ValidationMaterial {
	validationTime: string;
	poeTime: string | null;
	settings: MaterialSettings;
	items: MaterialItem[];
}

export const cryptoPolicyToJson = (p: CryptoPolicy): MaterialSettings['cryptoPolicy'] => ({
	sha1NotAfter: p.sha1NotAfter?.toISOString() ?? null,
	weakRsaNotAfter: p.weakRsaNotAfter?.toISOString() ?? null,
	minRsaBits: p.minRsaBits
});

export const cryptoPolicyFromJson = (p: MaterialSettings['cryptoPolicy']): CryptoPolicy => ({
	sha1NotAfter: p.sha1NotAfter ? new Date(p.sha1NotAfter) : null,
	weakRsaNotAfter: p.weakRsaNotAfter ? new Date(p.weakRsaNotAfter) : null,
	minRsaBits: p.minRsaBits
});

/** producedAt and the first SingleResponse's times of an OCSP response (null when it does not parse). */
export function ocspTimes(der: Uint8Array): Pick<MaterialOcsp, 'producedAt' | 'thisUpdate' | 'nextUpdate'> {
	try {
		const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
		const basic = pkijs.BasicOCSPResponse.fromBER(
			toArrayBuffer(new Uint8Array(resp.responseBytes!.response.valueBlock.valueHexView))
		);
		const single = basic.tbsResponseData.responses[0];
		return {
			producedAt: basic.tbsResponseData.producedAt.toISOString(),
			thisUpdate: single?.thisUpdate.toISOString() ?? null,
			nextUpdate: single?.nextUpdate?.toISOString() ?? null
		};
	} catch {
		return { producedAt: null, thisUpdate: null, nextUpdate: null };
	}
}

/** Where the verifier's revocation data came from, and the OCSP responses it holds for a certificate. */
export interface MaterialSources {
	crls: CrlStore;
	crlOrigin(fingerprint: string): { origin: MaterialOrigin; url: string | null };
	ocspFor(cert: ParsedCert): readonly { der: Uint8Array; origin: MaterialOrigin; url: string | null }[];
}

/** CRLs kept per issuer: the newest ones not from the future (what the CRL check reads first), and any delta. */
const CRLS_PER_ISSUER = 3;
const SKEW_MS = 5 * 60_000;

/** Gathers the material of one verification as the verifier validates (every path, every token). */
export class MaterialCollector {
	private readonly items = new Map<string, MaterialItem>();

	constructor(
		private readonly sources: MaterialSources,
		private readonly now: Date
	) {}

	/** A validated path (signer's or TSA's): its certificates and the revocation data for each. */
	chain(r: ChainResult, target: 'signer' | 'tsa'): void {
		const last = r.path.length - 1;
		r.path.forEach((c, i) =>
			this.cert(c, i === last ? target : i === 0 && r.status !== 'no-chain' ? 'anchor' : 'ca')
		);
		for (let i = 1; i < r.path.length; i++) {
			const cert = r.path[i]!;
			this.crlsOf(cert.issuerKey);
			for (const o of this.sources.ocspFor(cert)) {
				const sha256 = sha256Hex(o.der);
				if (!this.items.has(sha256))
					this.items.set(sha256, {
						kind: 'ocsp',
						der: o.der,
						sha256,
						...ocspTimes(o.der),
						origin: o.origin,
						url: o.url
					});
			}
		}
	}

	timestamp(token: Uint8Array, ts: TimestampCheck): void {
		const sha256 = sha256Hex(token);
		if (!this.items.has(sha256))
			this.items.set(sha256, {
				kind: 'timestamp',
				der: token,
				sha256,
				genTime: ts.genTime?.toISOString() ?? null,
				tsa: ts.tsa?.subject ?? null,
				ok: ts.ok
			});
		if (ts.tsa) this.cert(ts.tsa, 'tsa');
	}

	finish(o: Omit<ValidationMaterial, 'items'>): ValidationMaterial {
		return { ...o, items: [...this.items.values()] };
	}

	private cert(c: ParsedCert, role: MaterialCertificate['role']): void {
		if (this.items.has(c.fingerprint)) return;
		this.items.set(c.fingerprint, {
			kind: 'certificate',
			der: c.der,
			sha256: c.fingerprint,
			role,
			subject: c.subject,
			notBefore: c.notBefore.toISOString(),
			notAfter: c.notAfter.toISOString()
		});
	}

	private crlsOf(issuerKey: string): void {
		const notFuture = (c: ParsedCrl) => c.thisUpdate.getTime() <= this.now.getTime() + SKEW_MS;
		const pick = [
			...this.sources.crls.complete(issuerKey).filter(notFuture).slice(0, CRLS_PER_ISSUER),
			...this.sources.crls.deltas(issuerKey).filter(notFuture).slice(0, CRLS_PER_ISSUER)
		];
		for (const crl of pick) {
			if (this.items.has(crl.fingerprint)) continue;
			this.items.set(crl.fingerprint, {
				kind: 'crl',
				der: crl.der,
				sha256: crl.fingerprint,
				issuer: crl.issuer,
				thisUpdate: crl.thisUpdate.toISOString(),
				nextUpdate: crl.nextUpdate?.toISOString() ?? null,
				...this.sources.crlOrigin(crl.fingerprint)
			});
		}
	}
}
