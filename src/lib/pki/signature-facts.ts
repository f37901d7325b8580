// What the verifier established about one signature, as plain JSON-safe data (ISO 8601 times): the times, the
// path, the revocation answers that decided each certificate, the profile findings, the cryptographic strength.
// The judge (signature-judge.ts) turns facts and a validation policy into the verdict; kept in the report, the
// same facts can be judged again under another policy without fetching anything. Client-safe: types only.
import type { PathFailureCode } from './path-validator';
import type { ProfileFinding } from './profile-rules';
import type { Indication, SubIndication } from './verdicts';

export interface PathCertificateFacts {
	subject: string;
	/** Hex serial and issuer, for reports (absent in facts recorded before they were kept). */
	serial?: string;
	issuer?: string;
	fingerprint: string;
	notBefore: string;
	notAfter: string;
}

export interface RevocationFact {
	/** Position on the path (1..n; the anchor is not checked). */
	index: number;
	subject: string;
	/** The deciding answer (revocation-freshness.ts): good, revoked, or none at all ('unknown'). */
	status: 'good' | 'revoked' | 'unknown';
	source: 'crl' | 'ocsp' | null;
	issuedAt: string | null;
	nextUpdate: string | null;
	revokedAt: string | null;
	/** Vietnamese: the revocation reason, or why no answer could be had. */
	reason: string;
	/** How many verified answers were weighed. */
	answers: number;
}

/** One RFC 3161 token as ETSI EN 319 102-1 §5.4 judged it. */
export interface TimestampFact {
	kind: 'signature' | 'document';
	ok: boolean;
	genTime: string | null;
	/** The token's own verdict: TOTAL_PASSED, or why it cannot serve as a proof of existence. */
	indication: Indication;
	subIndication: SubIndication | null;
	reason: string;
	tsa: string | null;
	/** SHA-256 of the token (DER), to find it in the kept evidence. */
	sha256: string;
}

export interface SignatureFacts {
	validationTime: string;
	/** The earliest time the signature is proven to exist (ETSI EN 319 102-1 5.5: best-signature-time). */
	bestSignatureTime: string;
	bestSignatureTimeSource: 'validation-time' | 'poe' | 'timestamp' | 'document-timestamp';
	/** The time the signer claims: the CMS signingTime attribute, else the PDF signature dictionary's /M. */
	claimedSigningTime: string | null;
	claimedSigningTimeSource: 'cms-signing-time' | 'pdf-m' | null;
	verifiedTimestamps: number;
	/** Each signature time-stamp (and a covering PDF document time-stamp) and what its validation gave. */
	timestamps?: TimestampFact[];
	/** The signer certificate allows digitalSignature or nonRepudiation (or has no keyUsage). */
	keyUsageForSigning: boolean;
	signerValidity: { notBefore: string; notAfter: string };
	chain: {
		status: 'valid' | 'invalid' | 'revoked' | 'no-chain' | 'revocation-unknown';
		reason: string;
		failure: { code: PathFailureCode; index: number; reason: string } | null;
	};
	/** [trust anchor, ..., signer]; only the signer when no path was found. */
	path: PathCertificateFacts[];
	/** False when revocation was not looked for at all (the older option `revocation.policy: 'none'`). */
	revocationChecked: boolean;
	revocation: RevocationFact[];
	profile: ProfileFinding[];
	crypto: {
		/** Why the hash or key is refused at the best-signature-time, or null. */
		violation: string | null;
		/** Whether it was refused at the claimed signing time as well (else the refusal lacks a proof of time). */
		violationAtClaimedTime: boolean;
	};
	/** Neutral observations kept with the verdict (proofs of existence, time-stamps, coverage). */
	notes: string[];
	/** Vietnamese descriptions of content changes made to a PDF in revisions after this signature (pdf-revisions.ts). */
	contentChanges?: string[];
	/** A PDF changed after its last signature under `strictIncrementalUpdates`. */
	changedAfterLastSignature?: boolean;
}
