// One verifier's table of certificates, one object per distinct certificate (by SHA-256 of its DER), so that chain
// results and memos keyed by certificate are shared by every document that carries it. A class, not closures made
// by each createVerifier: a second verifier's methods are the same functions, so optimised code that calls them
// (the CMS reader for every carried certificate) keeps its call targets.
import { bytesEqual, sha256Hex } from './bytes';
import { parseCertificate, type ParsedCert } from './certificate';

/** Length and the last four bytes (signature bits) of a DER: collisions only cost a byte comparison. */
function tailKey(der: Uint8Array): number {
	const n = der.length;
	return n < 4
		? n
		: n * 2 ** 32 + ((der[n - 4]! << 24) >>> 0) + (der[n - 3]! << 16) + (der[n - 2]! << 8) + der[n - 1]!;
}

export class CertificateInterner {
	private readonly byFingerprint = new Map<string, ParsedCert>();
	// Documents carry the same few certificates over and over: find them by their last bytes (inside the signature
	// value) and confirm with a byte comparison, instead of hashing every carried certificate. The first certificate
	// of a key is the map's value itself, not a one-element array: the array literal a new certificate made changed
	// its allocation site's elements kind in a new verifier's first document, and V8 deoptimised the optimised code
	// that depended on the site (the judge, the verifier's run and the chain look-up, tenth round).
	private readonly byTail = new Map<number, ParsedCert>();
	/** Up to seven more certificates whose key is another's (a different DER with the same length and last bytes). */
	private readonly moreByTail = new Map<number, ParsedCert[]>();

	get size(): number {
		return this.byFingerprint.size;
	}

	/** The table's certificate equal to `c` (added when new). */
	intern(c: ParsedCert): ParsedCert {
		const known = this.byFingerprint.get(c.fingerprint);
		if (known) return known;
		this.byFingerprint.set(c.fingerprint, c);
		return c;
	}

	/** The table's certificate with this DER, parsed when new; throws when it does not parse. */
	fromDer(der: Uint8Array): ParsedCert {
		const key = tailKey(der);
		const first = this.byTail.get(key);
		if (first !== undefined) {
			if (bytesEqual(first.der, der)) return first;
			const more = this.moreByTail.get(key);
			if (more !== undefined) for (const c of more) if (bytesEqual(c.der, der)) return c;
		}
		const c = this.byFingerprint.get(sha256Hex(der)) ?? this.intern(parseCertificate(der));
		if (first === undefined) this.byTail.set(key, c);
		else this.addMore(key, c);
		return c;
	}

	private addMore(key: number, c: ParsedCert): void {
		const more = this.moreByTail.get(key);
		if (more === undefined) this.moreByTail.set(key, [c]);
		else if (more.length < 7) more.push(c);
	}

	/** As fromDer, null when the DER does not parse (a carried certificate the CMS reader skips). */
	parseCert(der: Uint8Array): ParsedCert | null {
		try {
			return this.fromDer(der);
		} catch {
			return null;
		}
	}
}
