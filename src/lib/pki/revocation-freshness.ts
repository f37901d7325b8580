// Revocation freshness as ETSI EN 319 102-1 (5.2.5 revocation freshness checker) and EU DSS define it: revocation
// data supports a check at time T only if it was issued (CRL thisUpdate, OCSP thisUpdate) at or after T, or at
// most a maximum age before T — the policy's, or else the answer's own update interval (nextUpdate − thisUpdate),
// which is DSS's default and, for a check at the current time, the classic "until nextUpdate" rule of RFC 5280
// 6.3.3 (a)(2). Among several answers the newest wins, but a verified "revoked" never yields to an older "good",
// and to a newer "good" only when it was a certificateHold (RFC 5280 5.3.1: the one reason a revocation can be
// lifted). Pure and client-safe: the judge recomputes freshness from recorded answers under another policy.

export interface RevocationAnswer {
	source: 'crl' | 'ocsp';
	status: 'good' | 'revoked';
	/** When the answer was issued: CRL thisUpdate (the delta CRL's when one was used), OCSP thisUpdate. */
	issuedAt: Date;
	nextUpdate: Date | null;
	/** Set when revoked. */
	revokedAt?: Date;
	/** CRLReason code when revoked (RFC 5280 5.3.1), null when the answer gives none. */
	reasonCode?: number | null;
	/** Vietnamese reason when revoked. */
	reason?: string;
}

/** An answer without a nextUpdate (OCSP may omit it) and no policy maximum: only clock skew is allowed. */
export const CLOCK_SKEW_MS = 5 * 60_000;
const CERTIFICATE_HOLD = 6;

/** The longest time before T an answer may have been issued and still support a check at T. */
export function maxAgeOf(
	a: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'>,
	maxAgeMs: number | null
): number {
	if (maxAgeMs !== null) return maxAgeMs;
	return a.nextUpdate ? Math.max(0, a.nextUpdate.getTime() - a.issuedAt.getTime()) : CLOCK_SKEW_MS;
}

/** True when the answer supports a revocation check at `time` (see the module comment). */
export function supportsCheckAt(
	a: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'>,
	time: Date,
	maxAgeMs: number | null
): boolean {
	const age = time.getTime() - a.issuedAt.getTime();
	return age <= 0 || age <= maxAgeOf(a, maxAgeMs);
}

/**
 * supportsCheckAt on times in milliseconds (the judge's facts hold ISO strings): the judge calls this one, so the
 * object-taking function keeps seeing revocation answers only (one hidden class where it is optimised).
 */
export function supportsCheckAtMs(
	issuedAt: number,
	nextUpdate: number | null,
	time: number,
	maxAgeMs: number | null
): boolean {
	const age = time - issuedAt;
	if (age <= 0) return true;
	const maxAge =
		maxAgeMs !== null ? maxAgeMs : nextUpdate !== null ? Math.max(0, nextUpdate - issuedAt) : CLOCK_SKEW_MS;
	return age <= maxAge;
}

/**
 * The answer that decides: the newest, except that a revoked answer stands against every older good one and
 * against newer good ones unless it was a certificateHold. Ties go to "revoked".
 */
export function decidingAnswer(answers: readonly RevocationAnswer[]): RevocationAnswer | null {
	const sorted = [...answers].sort(
		(a, b) =>
			b.issuedAt.getTime() - a.issuedAt.getTime() ||
			(a.status === 'revoked' ? -1 : 0) - (b.status === 'revoked' ? -1 : 0)
	);
	const newest = sorted[0];
	if (!newest || newest.status === 'revoked') return newest ?? null;
	const revoked = sorted.find((a) => a.status === 'revoked' && a.reasonCode !== CERTIFICATE_HOLD);
	return revoked ?? newest;
}
