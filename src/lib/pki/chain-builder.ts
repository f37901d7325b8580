// Certification path building (RFC 4158 in outline): from a target certificate up to a trust anchor through a pool
// of intermediates (inventory plus those carried in the signature), depth-first, returning several candidate paths
// ordered by preference (authority key identifier match, then currently valid issuers).
import { AuthorityKeyIdentifier, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import { toHex } from './bytes';
import { OID, type ParsedCert } from './certificate';

/** Certificates indexed by canonical subject name and deduplicated by fingerprint. */
export class CertificatePool {
	private readonly bySubjectKey = new Map<string, ParsedCert[]>();
	private readonly fps = new Set<string>();

	constructor(certs: Iterable<ParsedCert> = []) {
		for (const c of certs) this.add(c);
	}

	add(c: ParsedCert): void {
		if (this.fps.has(c.fingerprint)) return;
		this.fps.add(c.fingerprint);
		const list = this.bySubjectKey.get(c.subjectKey) ?? [];
		list.push(c);
		this.bySubjectKey.set(c.subjectKey, list);
	}

	has(c: ParsedCert): boolean {
		return this.fps.has(c.fingerprint);
	}

	bySubject(subjectKey: string): readonly ParsedCert[] {
		return this.bySubjectKey.get(subjectKey) ?? [];
	}

	get size(): number {
		return this.fps.size;
	}

	*[Symbol.iterator](): IterableIterator<ParsedCert> {
		for (const list of this.bySubjectKey.values()) yield* list;
	}
}

export function keyIdentifier(c: ParsedCert): string | null {
	try {
		const ski = c.ext(OID.subjectKeyIdentifier, SubjectKeyIdentifier);
		return ski ? toHex(ski.buffer) : null;
	} catch {
		return null;
	}
}

export function authorityKeyIdentifier(c: ParsedCert): string | null {
	try {
		const aki = c.ext(OID.authorityKeyIdentifier, AuthorityKeyIdentifier);
		return aki?.keyIdentifier ? toHex(aki.keyIdentifier.buffer) : null;
	} catch {
		return null;
	}
}

function rank(child: ParsedCert, issuer: ParsedCert, time: Date): number {
	const aki = authorityKeyIdentifier(child);
	const ski = keyIdentifier(issuer);
	let r = 0;
	if (aki && ski) r += aki === ski ? 0 : 4;
	if (time < issuer.notBefore || time > issuer.notAfter) r += 2;
	return r;
}

export interface BuildOptions {
	time: Date;
	maxPaths?: number;
	maxDepth?: number;
}

/**
 * Candidate paths [anchor, intermediates..., target]. The anchor is a trusted certificate whose subject is the issuer
 * of the first intermediate; a target that is itself an anchor gives the single path [target].
 */
export function buildPaths(
	target: ParsedCert,
	anchors: CertificatePool,
	pool: CertificatePool,
	o: BuildOptions
): ParsedCert[][] {
	const maxPaths = o.maxPaths ?? 8;
	const maxDepth = o.maxDepth ?? 10;
	const out: ParsedCert[][] = [];
	if (anchors.has(target)) return [[target]];
	const walk = (chain: ParsedCert[]): void => {
		if (out.length >= maxPaths || chain.length > maxDepth) return;
		const top = chain[0]!;
		const anchorsHere = [...anchors.bySubject(top.issuerKey)].sort(
			(a, b) => rank(top, a, o.time) - rank(top, b, o.time)
		);
		for (const a of anchorsHere) {
			if (out.length >= maxPaths) return;
			out.push([a, ...chain]);
		}
		const issuers = pool
			.bySubject(top.issuerKey)
			.filter(
				(c) =>
					!chain.some(
						(x) =>
							x.fingerprint === c.fingerprint ||
							(x.subjectKey === c.subjectKey &&
								x.spkiDer.length === c.spkiDer.length &&
								toHex(x.spkiDer) === toHex(c.spkiDer))
					)
			)
			.filter((c) => !anchors.has(c))
			.sort((a, b) => rank(top, a, o.time) - rank(top, b, o.time));
		for (const i of issuers) walk([i, ...chain]);
	};
	walk([target]);
	return out;
}
