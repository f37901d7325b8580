// Facts and a validation policy in, the verdict out (ETSI EN 319 102-1 5.3 and 5.5): what no policy can change
// first (no path, a path that breaks RFC 5280, a revocation before the proof of existence, a certificate out of
// its validity at the best-signature-time), then each levelled check in the order EU DSS runs its building blocks:
// key usage, the RFC 5280 profile, revocation freshness, the signing time (Decree 68 Art. 31), cryptographic
// strength, time-stamp presence. A FAIL-level finding gives its sub-indication; WARN and INFORM findings ride
// along with a passing verdict ("Cảnh báo: …", "Lưu ý: …"), never silently. Pure and client-safe.
import { PROFILE_RULES } from './profile-rules';
import { supportsCheckAt } from './revocation-freshness';
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

export function judgeSignatureFacts(f: SignatureFacts, policy: ValidationPolicy): JudgedSignature {
	const notes = [...f.notes];
	const bst = t(f.bestSignatureTime);
	const leaf = f.path.length - 1;
	const claimed = f.claimedSigningTime ? t(f.claimedSigningTime) : null;
	const hard = (v: Verdict): JudgedSignature => ({ ...v, warnings: [], findings: [] });

	// 1. What no policy changes.
	const c = f.chain;
	if (c.status === 'no-chain')
		return hard(indeterminate('NO_CERTIFICATE_CHAIN_FOUND', c.reason, ...notes));
	if (c.status === 'invalid' && c.failure) {
		const { code, index, reason } = c.failure;
		const subject = f.path[index]?.subject ?? '';
		if (code === 'NOT_YET_VALID' && index === leaf)
			// ETSI EN 319 102-1 5.5.4: the signature existed at the best-signature-time, before the certificate was valid.
			return hard(failed('NOT_YET_VALID', reason, ...notes));
		if (code === 'EXPIRED' || code === 'NOT_YET_VALID') {
			const late =
				index === leaf && claimed && claimed > t(f.signerValidity.notAfter)
					? [`thời điểm ký khai báo (${f.claimedSigningTime}) sau khi chứng thư hết hạn`]
					: [];
			return hard(indeterminate('OUT_OF_BOUNDS_NO_POE', `${subject}: ${reason}`, ...late, ...notes));
		}
		return hard(indeterminate('CHAIN_CONSTRAINTS_FAILURE', `${subject}: ${reason}`, ...notes));
	}
	if (c.status === 'revoked') {
		const rev = f.revocation.find((r) => r.status === 'revoked' && r.revokedAt && t(r.revokedAt) <= bst);
		const msg = `${c.reason}, lúc ${rev?.revokedAt ?? f.bestSignatureTime}`;
		if (rev && rev.index !== leaf) return hard(indeterminate('REVOKED_CA_NO_POE', msg, ...notes));
		const after =
			claimed && rev?.revokedAt && claimed >= t(rev.revokedAt)
				? ['thời điểm ký khai báo sau thời điểm thu hồi; không có bằng chứng chữ ký được tạo trước đó']
				: [];
		return hard(indeterminate('REVOKED_NO_POE', msg, ...after, ...notes));
	}

	// 2. Levelled checks, as candidates.
	const found: Candidate[] = [];
	const add = (check: Candidate['check'], level: PolicyLevel, sub: SubIndication, reason: string) =>
		found.push({ check, level, sub, reason });

	if (!f.keyUsageForSigning)
		add('keyUsage', policy.keyUsage, 'CHAIN_CONSTRAINTS_FAILURE', 'chứng thư người ký không có mục đích ký số (keyUsage)');
	for (const p of f.profile)
		add(
			`profile.${p.rule}`,
			policy.profile[p.rule] ?? 'FAIL',
			'CHAIN_CONSTRAINTS_FAILURE',
			`${p.subject}: ${p.reason} (${PROFILE_RULES[p.rule]?.source ?? 'RFC 5280 §4'})`
		);
	for (const reason of revocationGaps(f, policy)) add('revocationFreshness', policy.revocationFreshness, 'TRY_LATER', reason);
	if (claimed && claimed < t(f.signerValidity.notBefore))
		add(
			'signingTime',
			policy.signingTime,
			'NOT_YET_VALID',
			`thời điểm ký khai báo (${f.claimedSigningTime}) trước khi chứng thư người ký có hiệu lực (${f.signerValidity.notBefore}); Nghị định 68 Điều 31 yêu cầu chứng thư còn hiệu lực khi ký`
		);
	if (f.crypto.violation)
		add(
			'cryptoStrength',
			policy.cryptoStrength,
			f.crypto.violationAtClaimedTime ? 'CRYPTO_CONSTRAINTS_FAILURE' : 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
			f.crypto.violation
		);
	if (f.verifiedTimestamps === 0)
		add(
			'timestampPresence',
			policy.timestampPresence,
			'SIG_CONSTRAINTS_FAILURE',
			'chữ ký không có dấu thời gian hợp lệ (RFC 3161): thời điểm ký chỉ là thời điểm người ký khai báo'
		);

	// Signing-time observations a proof of existence settles (Decree 68 Art. 31: signed while valid).
	if (claimed && claimed > t(f.signerValidity.notAfter))
		notes.push(
			`thời điểm ký khai báo (${f.claimedSigningTime}) sau khi chứng thư hết hạn, nhưng chữ ký có bằng chứng tồn tại lúc ${f.bestSignatureTime}, khi chứng thư còn hiệu lực`
		);
	for (const r of f.revocation)
		if (r.status === 'revoked' && r.revokedAt) {
			notes.push(
				`chứng thư ${r.subject} bị thu hồi lúc ${r.revokedAt}, sau thời điểm có bằng chứng tồn tại`
			);
			if (r.index === leaf && claimed && claimed >= t(r.revokedAt))
				notes.push('thời điểm ký khai báo sau thời điểm thu hồi, nhưng bằng chứng tồn tại cho thấy chữ ký được tạo trước đó');
		}
	if (t(f.validationTime) > t(f.signerValidity.notAfter))
		notes.push('chứng thư đã hết hạn nhưng chữ ký có bằng chứng tồn tại khi chứng thư còn hiệu lực');

	const findings: PolicyFinding[] = found.map((x) => ({ check: x.check, level: x.level, reason: x.reason }));
	const warnings = found.filter((x) => x.level === 'WARN').map((x) => x.reason);
	const tail = [
		...notes,
		...warnings.map((w) => `Cảnh báo: ${w}`),
		...found.filter((x) => x.level === 'INFORM').map((x) => `Lưu ý: ${x.reason}`)
	];
	const fail = found.find((x) => x.level === 'FAIL');
	if (fail) return { ...indeterminate(fail.sub, fail.reason, ...tail), warnings, findings };
	if (f.changedAfterLastSignature)
		return {
			...indeterminate('SIG_CONSTRAINTS_FAILURE', 'tệp đã được sửa đổi sau chữ ký cuối cùng', ...tail),
			warnings,
			findings
		};
	const chain = `chuỗi chứng thư: ${f.path
		.map((p) => p.subject)
		.reverse()
		.join(' → ')}`;
	return { ...passed([chain, ...tail]), warnings, findings };
}

/** Certificates on the path without revocation data that supports a check at the best-signature-time. */
function revocationGaps(f: SignatureFacts, policy: ValidationPolicy): string[] {
	if (!f.revocationChecked) return ['thông tin thu hồi không được kiểm tra (theo cấu hình)'];
	const time = t(f.bestSignatureTime);
	const maxAge = policy.revocationMaxAgeSeconds === null ? null : policy.revocationMaxAgeSeconds * 1000;
	const out: string[] = [];
	for (const r of f.revocation) {
		if (r.status === 'revoked') continue;
		if (r.status === 'unknown') out.push(`${r.subject}: ${r.reason}`);
		else if (
			!supportsCheckAt(
				{ issuedAt: t(r.issuedAt!), nextUpdate: r.nextUpdate ? t(r.nextUpdate) : null },
				time,
				maxAge
			)
		)
			out.push(
				`${r.subject}: thông tin thu hồi mới nhất (${r.source?.toUpperCase()} phát hành ${r.issuedAt}) không đủ mới cho thời điểm ${f.bestSignatureTime}`
			);
	}
	return out;
}
