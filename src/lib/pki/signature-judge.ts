// Facts and a validation policy in, the verdict out (ETSI EN 319 102-1 5.3 and 5.5): what no policy can change
// first (no path, a path that breaks RFC 5280, a revocation before the proof of existence, a certificate out of
// its validity at the best-signature-time), then each levelled check in the order EU DSS runs its building blocks:
// key usage, the RFC 5280 profile, revocation freshness, the signing time (Decree 68 Art. 31), cryptographic
// strength, time-stamp presence. A FAIL-level finding gives its sub-indication; WARN and INFORM findings ride
// along with a passing verdict ("Cảnh báo: …", "Lưu ý: …"), never silently. Pure and client-safe.
import { PROFILE_RULES } from './profile-rules';
import { supportsCheckAtMs } from './revocation-freshness';
import type { SignatureFacts } from './signature-facts';
import type { PolicyCheck, PolicyLevel, ValidationPolicy } from './validation-policy';
import { failed, indeterminate, passed, type SubIndication, type Verdict } from './verdicts';

export interface PolicyFinding {
	check: PolicyCheck | `profile.${string}`;
	level: PolicyLevel;
	reason: string;
}

export interface JudgedSignature extends Verdict {
	/** WARN-level findings (also in `reasons`, prefixed "Cảnh báo:"). */
	warnings: string[];
	/** Every levelled finding with the level it had under the policy (IGNORE ones included). */
	findings: PolicyFinding[];
}

interface Candidate {
	check: PolicyFinding['check'];
	level: PolicyLevel;
	sub: SubIndication;
	reason: string;
}

const t = (iso: string) => new Date(iso);
/**
 * Facts hold times as `Date.toISOString()` writes them (fixed width, UTC), which order as strings the way the
 * instants do: comparing them directly spares a Date parse per comparison on every document.
 */
const after = (a: string, b: string) => a > b;

// Result objects are written key by key: V8 (Node 20) builds `{ ...verdict, k }` through a slow path, several µs
// per report, which shows at thousands of documents per second.
const result = (v: Verdict, warnings: string[], findings: PolicyFinding[]): JudgedSignature => ({
	indication: v.indication,
	subIndication: v.subIndication,
	reasons: v.reasons,
	warnings,
	findings
});
const NONE: never[] = [];
/** A verdict no policy changes. Module functions, not closures made on every call (one call per document). */
const hard = (v: Verdict): JudgedSignature => result(v, NONE, NONE);
function add(
	found: Candidate[],
	check: Candidate['check'],
	level: PolicyLevel,
	sub: SubIndication,
	reason: string
): void {
	found.push({ check, level, sub, reason });
}

export function judgeSignatureFacts(f: SignatureFacts, policy: ValidationPolicy): JudgedSignature {
	// A copy made from a literal, not `f.notes.slice()`: a copy of an empty list is an array of small integers to V8,
	// and the optimised judge then checked that the strings it appends were small integers ("not a Smi"), was
	// deoptimised on its first call and ran unoptimised for thousands of documents (tenth round). The literal's
	// allocation site learns that it holds strings.
	const notes: string[] = [];
	for (let k = 0; k < f.notes.length; k++) notes.push(f.notes[k]!);
	const bst = f.bestSignatureTime;
	const leaf = f.path.length - 1;
	const claimed = f.claimedSigningTime;
	const validity = f.signerValidity;

	// 1. What no policy changes.
	const c = f.chain;
	if (c.status === 'no-chain') return hard(indeterminate('NO_CERTIFICATE_CHAIN_FOUND', c.reason, ...notes));
	if (c.status === 'invalid' && c.failure) {
		const { code, index, reason } = c.failure;
		const subject = f.path[index]?.subject ?? '';
		if (code === 'NOT_YET_VALID' && index === leaf)
			// ETSI EN 319 102-1 5.5.4: the signature existed at the best-signature-time, before the certificate was valid.
			return hard(failed('NOT_YET_VALID', reason, ...notes));
		if (code === 'EXPIRED' || code === 'NOT_YET_VALID') {
			const late =
				index === leaf && claimed && after(claimed, validity.notAfter)
					? [`thời điểm ký khai báo (${claimed}) sau khi chứng thư hết hạn`]
					: [];
			return hard(indeterminate('OUT_OF_BOUNDS_NO_POE', `${subject}: ${reason}`, ...late, ...notes));
		}
		return hard(indeterminate('CHAIN_CONSTRAINTS_FAILURE', `${subject}: ${reason}`, ...notes));
	}
	if (c.status === 'revoked') {
		const rev = f.revocation.find((r) => r.status === 'revoked' && r.revokedAt && !after(r.revokedAt, bst));
		const msg = `${c.reason}, lúc ${rev?.revokedAt ?? bst}`;
		if (rev && rev.index !== leaf) return hard(indeterminate('REVOKED_CA_NO_POE', msg, ...notes));
		const late =
			claimed && rev?.revokedAt && !after(rev.revokedAt, claimed)
				? ['thời điểm ký khai báo sau thời điểm thu hồi; không có bằng chứng chữ ký được tạo trước đó']
				: [];
		return hard(indeterminate('REVOKED_NO_POE', msg, ...late, ...notes));
	}

	// 2. Levelled checks, as candidates.
	const found: Candidate[] = [];
	if (!f.keyUsageForSigning)
		add(
			found,
			'keyUsage',
			policy.keyUsage,
			'CHAIN_CONSTRAINTS_FAILURE',
			'chứng thư người ký không có mục đích ký số (keyUsage)'
		);
	for (const p of f.profile)
		add(
			found,
			`profile.${p.rule}`,
			policy.profile[p.rule] ?? 'FAIL',
			'CHAIN_CONSTRAINTS_FAILURE',
			`${p.subject}: ${p.reason} (${PROFILE_RULES[p.rule]?.source ?? 'RFC 5280 §4'})`
		);
	for (const reason of revocationGaps(f, policy))
		add(found, 'revocationFreshness', policy.revocationFreshness, 'TRY_LATER', reason);
	if (claimed && after(validity.notBefore, claimed))
		add(
			found,
			'signingTime',
			policy.signingTime,
			'NOT_YET_VALID',
			`thời điểm ký khai báo (${claimed}) trước khi chứng thư người ký có hiệu lực (${validity.notBefore}); Nghị định 68 Điều 31 yêu cầu chứng thư còn hiệu lực khi ký`
		);
	const stamped = earliestTimestamp(f);
	if (claimed && stamped && t(claimed).getTime() > t(stamped).getTime() + TIMESTAMP_SKEW_MS)
		add(
			found,
			'signingTime',
			policy.signingTime,
			'TIMESTAMP_ORDER_FAILURE',
			`thời điểm ký khai báo (${claimed}) muộn hơn dấu thời gian (${stamped}): chữ ký đã tồn tại trước thời điểm người ký khai báo, thông tin thời điểm ký không nhất quán (ETSI EN 319 102-1 §5.6.2)`
		);
	if (f.crypto.violation)
		add(
			found,
			'cryptoStrength',
			policy.cryptoStrength,
			f.crypto.violationAtClaimedTime ? 'CRYPTO_CONSTRAINTS_FAILURE' : 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
			f.crypto.violation
		);
	if (f.contentChanges?.length)
		add(
			found,
			'pdfModifications',
			policy.pdfModifications,
			'SIG_CONSTRAINTS_FAILURE',
			`nội dung tệp bị thay đổi sau khi ký: ${f.contentChanges.join('; ')}`
		);
	if (f.verifiedTimestamps === 0) {
		const broken = (f.timestamps ?? []).filter((x) => !x.ok);
		add(
			found,
			'timestampPresence',
			policy.timestampPresence,
			'SIG_CONSTRAINTS_FAILURE',
			broken.length
				? `${NO_TIMESTAMP}; dấu thời gian có trong chữ ký không hợp lệ (${broken.map((x) => `${x.indication}/${x.subIndication}: ${x.reason}`).join('; ')})`
				: NO_TIMESTAMP
		);
	}

	// Signing-time observations a proof of existence settles (Decree 68 Art. 31: signed while valid).
	if (claimed && after(claimed, validity.notAfter))
		notes.push(
			`thời điểm ký khai báo (${claimed}) sau khi chứng thư hết hạn, nhưng chữ ký có bằng chứng tồn tại lúc ${bst}, khi chứng thư còn hiệu lực`
		);
	for (const r of f.revocation)
		if (r.status === 'revoked' && r.revokedAt) {
			notes.push(`chứng thư ${r.subject} bị thu hồi lúc ${r.revokedAt}, sau thời điểm có bằng chứng tồn tại`);
			if (r.index === leaf && claimed && !after(r.revokedAt, claimed))
				notes.push(
					'thời điểm ký khai báo sau thời điểm thu hồi, nhưng bằng chứng tồn tại cho thấy chữ ký được tạo trước đó'
				);
		}
	if (after(f.validationTime, validity.notAfter))
		notes.push('chứng thư đã hết hạn nhưng chữ ký có bằng chứng tồn tại khi chứng thư còn hiệu lực');

	const findings: PolicyFinding[] = [];
	const warnings: string[] = [];
	const informs: string[] = [];
	let fail: Candidate | undefined;
	for (const x of found) {
		findings.push({ check: x.check, level: x.level, reason: x.reason });
		if (x.level === 'WARN') warnings.push(x.reason);
		else if (x.level === 'INFORM') informs.push(`Lưu ý: ${x.reason}`);
		else if (x.level === 'FAIL') fail ??= x;
	}
	const tail = notes;
	for (const w of warnings) tail.push(`Cảnh báo: ${w}`);
	for (const i of informs) tail.push(i);
	if (fail) return result(indeterminate(fail.sub, fail.reason, ...tail), warnings, findings);
	if (f.changedAfterLastSignature)
		return result(
			indeterminate('SIG_CONSTRAINTS_FAILURE', 'tệp đã được sửa đổi sau chữ ký cuối cùng', ...tail),
			warnings,
			findings
		);
	// A literal when there is nothing else to say (most documents): `unshift` into an empty array gives it room for
	// 16 elements.
	if (!tail.length) return result(passed([chainText(f.path)]), warnings, findings);
	tail.unshift(chainText(f.path));
	return result(passed(tail), warnings, findings);
}

/** Clock skew allowed between the signer's clock and the TSA's, as for revocation answers (5 minutes). */
const TIMESTAMP_SKEW_MS = 5 * 60_000;

/** genTime of the earliest time-stamp that validated (signature or covering document time-stamp). */
function earliestTimestamp(f: SignatureFacts): string | null {
	let min: string | null = null;
	for (const x of f.timestamps ?? []) if (x.ok && x.genTime && (!min || x.genTime < min)) min = x.genTime;
	return min;
}

const NO_TIMESTAMP =
	'chữ ký không có dấu thời gian hợp lệ (RFC 3161): thời điểm ký chỉ là thời điểm người ký khai báo';

/**
 * "chuỗi chứng thư: signer → … → anchor". Built for every report, no longer memoised per path: the memo's miss ran
 * once per chain result, which deoptimised the optimised judge in a new verifier's first document.
 */
function chainText(path: SignatureFacts['path']): string {
	let s = 'chuỗi chứng thư: ';
	for (let i = path.length - 1; i >= 0; i--)
		s += i === path.length - 1 ? path[i]!.subject : ` → ${path[i]!.subject}`;
	return s;
}

/**
 * Certificates on the path without revocation data that supports a check at the best-signature-time. Not memoised
 * (it was, per revocation facts, time and maximum age): a memo's miss path runs once per chain result, so a new
 * verifier's first document deoptimised the optimised judge ("insufficient type feedback") and TurboFan compiled it
 * again; computed on the ISO strings (`supportsAt`), it costs less than that.
 */
function revocationGaps(f: SignatureFacts, policy: ValidationPolicy): string[] {
	if (!f.revocationChecked) return ['thông tin thu hồi không được kiểm tra (theo cấu hình)'];
	return computeGaps(f, policy);
}

function computeGaps(f: SignatureFacts, policy: ValidationPolicy): string[] {
	const maxAge = policy.revocationMaxAgeSeconds === null ? null : policy.revocationMaxAgeSeconds * 1000;
	const out: string[] = [];
	for (const r of f.revocation) {
		if (r.status === 'revoked') continue;
		if (r.status === 'unknown') out.push(`${r.subject}: ${r.reason}`);
		else if (!supportsAt(r.issuedAt!, r.nextUpdate, f.bestSignatureTime, maxAge))
			out.push(
				`${r.subject}: thông tin thu hồi mới nhất (${r.source?.toUpperCase()} phát hành ${r.issuedAt}) không đủ mới cho thời điểm ${f.bestSignatureTime}`
			);
	}
	return out;
}

/**
 * supportsCheckAt (revocation-freshness.ts) on the facts' ISO times. Without a policy maximum and with a nextUpdate
 * (the default policy, CRLs), "issued at or after T, or T within [issuedAt, nextUpdate]" is decided on the strings,
 * which order as the instants do (see `after`): no date parse per certificate and document.
 */
export function supportsAt(
	issuedAt: string,
	nextUpdate: string | null,
	time: string,
	maxAgeMs: number | null
): boolean {
	if (!after(time, issuedAt)) return true;
	if (maxAgeMs === null && nextUpdate !== null)
		return !after(issuedAt, nextUpdate) && !after(time, nextUpdate);
	const issued = Date.parse(issuedAt);
	return supportsCheckAtMs(issued, nextUpdate ? Date.parse(nextUpdate) : null, Date.parse(time), maxAgeMs);
}
