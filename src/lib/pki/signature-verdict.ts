// The verdict for one signature, ETSI EN 319 102-1 section 5.3 (basic validation) with 5.5-5.6 in part: the
// cryptographic checks first (a failure there is final), then the facts — best-signature-time from proofs of
// existence (archive receipt time, RFC 3161 time-stamps), the claimed signing time, the signer's path validated
// at the best-signature-time with its revocation answers and profile findings, the algorithm strength — and the
// judge turns them into the verdict under the validation policy (signature-judge.ts).
import * as X from '@peculiar/asn1-x509';
import type { ChainResult } from './chain-validator';
import type { ParsedCert } from './certificate';
import type { CmsSigner } from './cms';
import { cryptoPolicyViolation, type CryptoPolicy } from './crypto-verify';
import { hasKeyUsage } from './path-validator';
import { sha256Hex } from './bytes';
import type { RevocationFact, SignatureFacts, TimestampFact } from './signature-facts';
import { judgeSignatureFacts, type PolicyFinding } from './signature-judge';
import { checkSignerCrypto } from './signer-checks';
import { timestampVerdict, verifyTimestampToken, type TimestampCheck, type TsaValidator } from './timestamp';
import type { ValidationPolicy } from './validation-policy';
import { failed, type Verdict } from './verdicts';

export interface SignerInfoReport {
	subject: string;
	serial: string;
	issuer: string;
	fingerprint: string;
}

export interface SignatureReport extends Verdict {
	signer: SignerInfoReport | null;
	/** Claimed signing time (CMS signingTime, else the PDF signature's /M), ISO 8601. */
	signingTime: string | null;
	/** Verified time-stamp time, ISO 8601. */
	timestampTime: string | null;
	/** The earliest time the signature is proven to exist (validation time when nothing earlier is proven). */
	bestSignatureTime: string;
	coversWholeDocument: boolean;
	subFilter?: string;
	fieldName?: string;
	/** WARN-level findings of the policy: the signature passes with these warnings (also in `reasons`). */
	warnings?: string[];
	/** Time-stamps checked for this signature, or the document time-stamp this entry is (ETSI EN 319 102-1 §5.4). */
	timestamps?: TimestampFact[];
	/** Every levelled finding and the level it had (signature-judge.ts). */
	findings?: PolicyFinding[];
	/** What was established, for judging again under another policy (null when a cryptographic check failed). */
	facts?: SignatureFacts | null;
}

export interface JudgeContext {
	now: Date;
	/**
	 * `now.toISOString()`, null for an invalid date (the verifier keeps the string for a clock that returns the same
	 * Date for every file).
	 */
	nowIso: string | null;
	poeTime?: Date;
	cryptoPolicy: CryptoPolicy;
	policy: ValidationPolicy;
	/** False when revocation is not looked for at all (the older option `revocation.policy: 'none'`). */
	revocationChecked: boolean;
	/** Validates (with caching) a certificate's path and revocation at `time`, with extra intermediates. */
	validateChain(cert: ParsedCert, extra: readonly ParsedCert[], time: Date): Promise<ChainResult>;
	validateTsa: TsaValidator;
	/** Told of every time-stamp token checked (the verifier keeps them as validation evidence). */
	recordTimestamp?(token: Uint8Array, check: TimestampCheck): void;
}

/** A checked token as a fact (ETSI EN 319 102-1 §5.4 verdict of the time-stamp itself). */
export function timestampFact(
	kind: TimestampFact['kind'],
	token: Uint8Array,
	ts: TimestampCheck
): TimestampFact {
	const v = timestampVerdict(ts);
	return {
		kind,
		ok: ts.ok,
		genTime: iso(ts.genTime),
		indication: v.indication,
		subIndication: v.subIndication,
		reason: ts.reason,
		tsa: ts.tsa?.subject ?? null,
		sha256: sha256Hex(token)
	};
}

/** What the container adds: a claimed time the CMS lacks (PDF /M), notes about coverage. */
export interface SignerExtras {
	/** The signature dictionary's /M, the claimed signing time when the CMS has no signing-time attribute. */
	pdfSigningTime: Date | null;
	/** Notes that precede `notes` in a judged report only: the PDF verifier's "signing time taken from /M". */
	judgedNotes: readonly string[];
	notes: readonly string[];
	/** PDF document time-stamps (ETSI.RFC3161) added after this signature: each covers it whole. */
	documentTimestamps: readonly TimestampFact[];
}

/**
 * What a .p7m file's signer has (none of the PDF extras), with the keys and kinds the PDF verifier writes: one hidden
 * class for the judge's reads, and the same code path for both kinds (a branch only PDFs took met the judge, optimised
 * on .p7m files, without feedback, and TurboFan compiled it again).
 */
const NO_EXTRAS: SignerExtras = { pdfSigningTime: null, judgedNotes: [], notes: [], documentTimestamps: [] };

export const signerReport = (c: ParsedCert | null): SignerInfoReport | null =>
	c ? { subject: c.subject, serial: c.serialHex, issuer: c.issuer, fingerprint: c.fingerprint } : null;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type JudgedReport = Omit<SignatureReport, 'coversWholeDocument'>;

export async function judgeSigner(
	signer: CmsSigner,
	content: readonly Uint8Array[] | null,
	eContentType: string,
	extraCerts: readonly ParsedCert[],
	ctx: JudgeContext,
	extras: SignerExtras = NO_EXTRAS
): Promise<JudgedReport> {
	const claimed = signer.signingTime ?? extras.pdfSigningTime ?? null;
	const crypto = checkSignerCrypto(signer, content, eContentType);
	if (crypto.verdict) return final(signer, claimed, null, crypto.verdict, ctx.now, extras.notes);
	const cert = signer.cert!;
	let keyUsageForSigning: boolean;
	try {
		// RFC 5280 4.2.1.3: digitalSignature or nonRepudiation when keyUsage is present.
		keyUsageForSigning =
			hasKeyUsage(cert, X.KeyUsageFlags.digitalSignature) !== false ||
			hasKeyUsage(cert, X.KeyUsageFlags.nonRepudiation) !== false;
	} catch {
		const v = failed('FORMAT_FAILURE', 'phần mở rộng keyUsage của chứng thư người ký không giải mã được');
		return final(signer, claimed, null, v, ctx.now, extras.notes);
	}
	const notes: string[] = [];

	// Best-signature-time: validation time, lowered by the archive's proof of existence and by verified time-stamps.
	let bst = ctx.now;
	let bstSource: SignatureFacts['bestSignatureTimeSource'] = 'validation-time';
	if (ctx.poeTime && ctx.poeTime < bst) {
		bst = ctx.poeTime;
		bstSource = 'poe';
		notes.push(`có bằng chứng tồn tại (thời điểm lưu trữ) lúc ${ctx.poeTime.toISOString()}`);
	}
	let timestampTime: string | null = null;
	let verifiedTimestamps = 0;
	const timestamps: TimestampFact[] = [];
	for (const token of signer.timestampTokens) {
		const ts = await verifyTimestampToken(token, signer.signature, ctx.validateTsa);
		ctx.recordTimestamp?.(token, ts);
		timestamps.push(timestampFact('signature', token, ts));
		if (ts.ok && ts.genTime) {
			verifiedTimestamps++;
			timestampTime = ts.genTime.toISOString();
			if (ts.genTime < bst) {
				bst = ts.genTime;
				bstSource = 'timestamp';
			}
		}
		notes.push(
			ts.ok ? ts.reason : `dấu thời gian chữ ký không được dùng làm bằng chứng tồn tại: ${ts.reason}`
		);
	}
	// ETSI EN 319 142-1 §5.4 / EN 319 102-1 §5.6.2.3: a later document time-stamp proves the signature existed by then.
	for (const dts of extras.documentTimestamps) {
		timestamps.push(dts);
		if (!dts.ok || !dts.genTime) continue;
		verifiedTimestamps++;
		const g = new Date(dts.genTime);
		if (g < bst) {
			bst = g;
			bstSource = 'document-timestamp';
			notes.push(`có dấu thời gian tài liệu (ETSI.RFC3161) lúc ${dts.genTime} bao trùm chữ ký`);
		}
	}
	if (claimed && claimed.getTime() > bst.getTime() + 5 * 60_000 && !verifiedTimestamps)
		notes.push(`thời điểm ký khai báo (${claimed.toISOString()}) muộn hơn thời điểm có bằng chứng tồn tại`);
	// Loops, not `push(...a, ...b)`: a spread call takes V8's generic path, on every document.
	for (const n of extras.judgedNotes) notes.push(n);
	for (const n of extras.notes) notes.push(n);

	// Always awaited, never a branch that only a cache miss takes: the miss comes in a new verifier's first document,
	// and when the judge, optimised by then, first met it there without type feedback it was deoptimised and ran
	// unoptimised for the next 2,000 documents (tenth round). validateChain is async, which TurboFan never inlines, so
	// its own miss path can deoptimise only itself.
	const chain = await ctx.validateChain(cert, extraCerts, bst);
	const violation = cryptoPolicyViolation(ctx.cryptoPolicy, crypto.hash, cert.rsaKeyBits(), bst);
	const cf = chainFacts(chain);
	// Without an earlier proof of existence the best-signature-time is the validation time: one string for both.
	const nowIso = ctx.nowIso ?? ctx.now.toISOString();
	const bstIso = bst === ctx.now ? nowIso : bst.toISOString();
	const claimedIso = iso(claimed);
	// Keys written out (no spread of the chain facts): see `final` below.
	const facts: SignatureFacts = {
		validationTime: nowIso,
		bestSignatureTime: bstIso,
		bestSignatureTimeSource: bstSource,
		claimedSigningTime: claimedIso,
		claimedSigningTimeSource: signer.signingTime ? 'cms-signing-time' : claimed ? 'pdf-m' : null,
		verifiedTimestamps,
		keyUsageForSigning,
		signerValidity: validityOf(cert),
		chain: cf.chain,
		path: cf.path,
		revocation: cf.revocation,
		profile: cf.profile,
		revocationChecked: ctx.revocationChecked,
		crypto: {
			violation,
			violationAtClaimedTime:
				!!violation &&
				(!claimed ||
					claimed >= bst ||
					!!cryptoPolicyViolation(ctx.cryptoPolicy, crypto.hash, cert.rsaKeyBits(), claimed))
		},
		notes
	};
	if (timestamps.length) facts.timestamps = timestamps;
	const v = judgeSignatureFacts(facts, ctx.policy);
	const report: JudgedReport = {
		signer: signerReport(cert),
		signingTime: claimedIso,
		timestampTime,
		indication: v.indication,
		subIndication: v.subIndication,
		reasons: v.reasons,
		bestSignatureTime: bstIso,
		warnings: v.warnings,
		findings: v.findings,
		facts
	};
	if (timestamps.length) report.timestamps = timestamps;
	return report;
}

function final(
	signer: CmsSigner,
	claimed: Date | null,
	timestampTime: string | null,
	v: Verdict,
	now: Date,
	notes: readonly string[] = []
): JudgedReport {
	// Keys spelt out: V8 (Node 20) builds `{ ...a, ...b, k }` through a slow path, several µs per report.
	return {
		signer: signerReport(signer.cert),
		signingTime: iso(claimed),
		timestampTime,
		indication: v.indication,
		subIndication: v.subIndication,
		reasons: notes.length ? [...v.reasons, ...notes] : v.reasons,
		bestSignatureTime: now.toISOString(),
		facts: null
	};
}

// The strings are made with the certificate (not memoised on first use here: a memo's miss runs once per
// certificate, i.e. in a new verifier's first document, where it deoptimised the optimised judge).
const validityOf = (c: ParsedCert): SignatureFacts['signerValidity'] => ({
	notBefore: c.notBeforeIso ?? c.notBefore.toISOString(),
	notAfter: c.notAfterIso ?? c.notAfter.toISOString()
});

type ChainFacts = Pick<SignatureFacts, 'chain' | 'path' | 'revocation' | 'profile'>;

/**
 * A chain result's facts. A class, not an object literal: this runs once per chain result, and the second evaluation
 * of a literal makes its fields' recorded types general, which deoptimised the judge (optimised on the first result's
 * facts) in a second verifier's first document (tenth round; see SharedState in verifier.ts).
 */
class ChainFactsOf implements ChainFacts {
	constructor(
		readonly chain: ChainFacts['chain'],
		readonly path: ChainFacts['path'],
		readonly revocation: ChainFacts['revocation'],
		readonly profile: ChainFacts['profile']
	) {}
}
/** Per chain result (itself cached per signer and time): thousands of documents share one. */
const chainFactsMemo = new WeakMap<ChainResult, ChainFacts>();

/**
 * The facts of a chain result, made once per result. Exported for the verifier, which asks for them when it makes the
 * result (its chain cache's miss), so that the judge finds them made: a miss here, once per chain result, met the
 * optimised judge without feedback in a new verifier's first document and TurboFan compiled the whole judge again.
 */
export function chainFacts(r: ChainResult): ChainFacts {
	let f = chainFactsMemo.get(r);
	if (f) return f;
	const revocation: RevocationFact[] = r.revocation.map(({ index, status: s, answers }) => ({
		index,
		subject: r.path[index]?.subject ?? '',
		status: s.status,
		source: s.status === 'unknown' ? null : s.source,
		issuedAt: s.status === 'unknown' ? null : s.thisUpdate.toISOString(),
		nextUpdate: s.status === 'good' ? iso(s.nextUpdate) : null,
		revokedAt: s.status === 'revoked' ? s.revokedAt.toISOString() : null,
		reason: s.status === 'good' ? '' : s.reason,
		answers: answers.length
	}));
	f = new ChainFactsOf(
		{
			status: r.status,
			reason: r.reason,
			failure: r.failure ? { code: r.failure.code, index: r.failure.index, reason: r.failure.reason } : null
		},
		r.path.map((c) => ({
			subject: c.subject,
			serial: c.serialHex,
			issuer: c.issuer,
			fingerprint: c.fingerprint,
			notBefore: c.notBeforeIso ?? c.notBefore.toISOString(),
			notAfter: c.notAfterIso ?? c.notAfter.toISOString()
		})),
		revocation,
		r.profile
	);
	chainFactsMemo.set(r, f);
	return f;
}
