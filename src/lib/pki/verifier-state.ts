// The state every file's verification shares within one verifier (createVerifier in verifier.ts): its
// certificates, revocation sources, validators and chain cache, and the per-certificate record of the last chain
// look-up. Classes rather than object literals, for V8's sake (see SharedState).
import type { CertificatePool } from './chain-builder';
import type { ChainResult, ChainValidator } from './chain-validator';
import type { ParsedCert } from './certificate';
import type { CertificateInterner } from './certificate-interner';
import { tryParseCrl, type CrlStore } from './crl';
import type { CryptoPolicy } from './crypto-verify';
import type { RevocationService } from './revocation';
import type { MaterialOrigin } from './validation-material';

export type SharedParts = Omit<SharedState, 'lastChain' | 'addCarried'> & {
	crlOrigins: Map<string, MaterialOrigin>;
};

/**
 * What every file's context shares: the verifier's certificates, revocation sources, validators and chain cache. A
 * class, not an object literal: V8 records the class of a field's first value (its "field type") and optimised code
 * relies on it, and the second evaluation of an object literal makes its fields' types general, deoptimising that
 * code; a process's second verifier did it to the judge, the chain look-up and the verifier's `run` in its first
 * document (tenth round). A class's fields are defined before the constructor sets them, so they start general.
 */
export class SharedState {
	readonly certs: CertificateInterner;
	readonly anchors: CertificatePool;
	readonly pool: CertificatePool;
	readonly crls: CrlStore;
	private readonly crlOrigins: Map<string, MaterialOrigin>;
	readonly revocation: RevocationService;
	readonly cache: Map<string, ChainResult>;
	/** Per certificate object, the key and result of its last chain look-up (see validateChain). */
	readonly lastChain = new WeakMap<ParsedCert, LastChain>();
	readonly validator: ChainValidator;
	readonly tsaValidator: ChainValidator;
	readonly cryptoPolicy: CryptoPolicy;
	readonly revocationChecked: boolean;
	readonly strictIncrementalUpdates: boolean;

	constructor(p: SharedParts) {
		this.certs = p.certs;
		this.anchors = p.anchors;
		this.pool = p.pool;
		this.crls = p.crls;
		this.crlOrigins = p.crlOrigins;
		this.revocation = p.revocation;
		this.cache = p.cache;
		this.validator = p.validator;
		this.tsaValidator = p.tsaValidator;
		this.cryptoPolicy = p.cryptoPolicy;
		this.revocationChecked = p.revocationChecked;
		this.strictIncrementalUpdates = p.strictIncrementalUpdates;
	}

	/** A document's certificates (untrusted intermediates), CRLs and OCSP responses, added to the sources. A method
	 * (one function for every verifier), not a closure per verifier, which changed the optimised callers' target. */
	addCarried(
		certs: readonly ParsedCert[],
		crlDers: readonly Uint8Array[],
		ocsps: readonly Uint8Array[]
	): void {
		for (const c of certs) if (!this.anchors.has(c)) this.pool.add(this.certs.intern(c));
		for (const der of crlDers) {
			const c = tryParseCrl(der);
			if (c && this.crls.add(c)) this.crlOrigins.set(c.fingerprint, 'document');
		}
		for (const r of ocsps) this.revocation.addOcspResponse(r);
	}
}

/** A chain-cache key as numbers (the certificate is the WeakMap's key) and its result. */
export class LastChain {
	constructor(
		readonly time: number,
		readonly now: number,
		readonly pool: number,
		readonly crls: number,
		readonly generation: number,
		readonly maxAge: number | null,
		readonly result: ChainResult
	) {}
}
