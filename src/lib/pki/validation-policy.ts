// The validation policy: for each check whose outcome an administrator may weigh, a level — FAIL (the check's
// ETSI EN 319 102-1 sub-indication decides the verdict), WARN (the signature can pass, with a warning), INFORM
// (a note only) or IGNORE. The verifier records facts; `judgeSignatureFacts` turns facts and a policy into the
// verdict, so the same facts can be judged again under another policy without fetching anything. Client-safe:
// a plain object with a zod schema, no Node imports.
import { z } from 'zod';
import { PROFILE_RULE_IDS, type ProfileRule } from './profile-rules';

export const POLICY_LEVELS = ['FAIL', 'WARN', 'INFORM', 'IGNORE'] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

export const POLICY_LEVEL_VI: Record<PolicyLevel, string> = {
	FAIL: 'Từ chối (không hợp lệ / chưa xác định)',
	WARN: 'Cảnh báo',
	INFORM: 'Ghi chú',
	IGNORE: 'Bỏ qua'
};

/** The checks with a level, their source and what they mean, in Vietnamese. */
export const POLICY_CHECKS = {
	revocationFreshness: {
		source: 'ETSI EN 319 102-1 §5.2.5, §5.2.6; RFC 5280 §6.3; RFC 6960',
		vi: 'thông tin thu hồi (CRL/OCSP) đủ mới cho thời điểm cần kiểm tra'
	},
	cryptoStrength: {
		source: 'ETSI EN 319 102-1 §5.2.8 (ETSI TS 119 312)',
		vi: 'thuật toán băm và độ dài khóa còn được chấp nhận'
	},
	keyUsage: {
		source: 'RFC 5280 §4.2.1.3; ETSI EN 319 102-1 §5.2.6',
		vi: 'chứng thư người ký có mục đích ký số (digitalSignature hoặc nonRepudiation)'
	},
	signingTime: {
		source: 'Nghị định 68/2024/NĐ-CP Điều 31; ETSI EN 319 102-1 §5.5',
		vi: 'thời điểm ký khai báo nằm trong thời hạn hiệu lực của chứng thư người ký'
	},
	timestampPresence: {
		source: 'ETSI EN 319 102-1 §5.5; RFC 3161',
		vi: 'chữ ký có dấu thời gian hợp lệ'
	},
	pdfModifications: {
		source: 'ISO 32000-1 §7.5.6, §12.8.2.2; ETSI EN 319 102-1 §5.2.7 (phát hiện sửa đổi như EU DSS)',
		vi: 'nội dung tệp PDF không bị thay đổi sau khi ký (ngoài chữ ký sau, điền biểu mẫu, chú thích)'
	}
} as const satisfies Record<string, { source: string; vi: string }>;
export type PolicyCheck = keyof typeof POLICY_CHECKS;
export const POLICY_CHECK_IDS = Object.keys(POLICY_CHECKS) as PolicyCheck[];

export interface ValidationPolicy {
	revocationFreshness: PolicyLevel;
	/**
	 * Revocation data issued before the time T being checked still supports the check when T minus its issue
	 * time is at most this many seconds. null: the answer's own update interval (nextUpdate − thisUpdate), as EU
	 * DSS does when its policy sets no maximum.
	 */
	revocationMaxAgeSeconds: number | null;
	cryptoStrength: PolicyLevel;
	keyUsage: PolicyLevel;
	signingTime: PolicyLevel;
	timestampPresence: PolicyLevel;
	/** Content changes (pages, resources, page tree…) made to a PDF in revisions after a signature. */
	pdfModifications: PolicyLevel;
	profile: Record<ProfileRule, PolicyLevel>;
}

/**
 * Profile rules default to FAIL, except basicConstraints criticality: NIST PKITS 4.6.4 expects a path through a CA
 * whose basicConstraints is not critical to validate, so that rule warns. No certificate in the government's
 * real G2 hierarchy breaks a rule. See docs/pki.md.
 */
export const DEFAULT_PROFILE_LEVELS: Record<ProfileRule, PolicyLevel> = {
	akiPresent: 'FAIL',
	akiNonCritical: 'FAIL',
	skiPresent: 'FAIL',
	skiNonCritical: 'FAIL',
	basicConstraintsCritical: 'WARN',
	sanCriticalWhenSubjectEmpty: 'FAIL',
	issuerNonEmpty: 'FAIL',
	caSubjectNonEmpty: 'FAIL',
	serialNumber: 'FAIL',
	nameConstraintsCaOnly: 'FAIL',
	nameConstraintsCritical: 'FAIL',
	keyCertSignCaOnly: 'FAIL',
	aiaNonCritical: 'FAIL'
};

export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = {
	revocationFreshness: 'FAIL',
	revocationMaxAgeSeconds: null,
	cryptoStrength: 'FAIL',
	keyUsage: 'FAIL',
	signingTime: 'FAIL',
	timestampPresence: 'INFORM',
	pdfModifications: 'WARN',
	profile: DEFAULT_PROFILE_LEVELS
};

const level = z.enum(POLICY_LEVELS, {
	errorMap: () => ({ message: 'Mức áp dụng phải là FAIL, WARN, INFORM hoặc IGNORE.' })
});
const maxAge = z
	.number({ invalid_type_error: 'Thời hạn tối đa của thông tin thu hồi phải là một số giây.' })
	.int('Thời hạn tối đa của thông tin thu hồi phải là số nguyên giây.')
	.min(0, 'Thời hạn tối đa của thông tin thu hồi không được âm.')
	.max(10 * 365 * 86_400, 'Thời hạn tối đa của thông tin thu hồi không quá 10 năm.')
	.nullable();
const profileShape = Object.fromEntries(PROFILE_RULE_IDS.map((r) => [r, level])) as Record<
	ProfileRule,
	typeof level
>;

/** A complete policy. */
export const ValidationPolicySchema = z.object({
	revocationFreshness: level,
	revocationMaxAgeSeconds: maxAge,
	cryptoStrength: level,
	keyUsage: level,
	signingTime: level,
	timestampPresence: level,
	pdfModifications: level,
	profile: z.object(profileShape)
});

/** A policy given in part (a stored setting, a request): what is missing takes the default. */
export const ValidationPolicyInputSchema = ValidationPolicySchema.extend({
	profile: z.object(profileShape).partial()
}).partial();
export type ValidationPolicyInput = z.infer<typeof ValidationPolicyInputSchema>;

/** The default policy overlaid with `input` (already validated, or checked with the input schema). */
export function resolveValidationPolicy(input: ValidationPolicyInput = {}): ValidationPolicy {
	const d = DEFAULT_VALIDATION_POLICY;
	return {
		revocationFreshness: input.revocationFreshness ?? d.revocationFreshness,
		revocationMaxAgeSeconds:
			input.revocationMaxAgeSeconds === undefined ? d.revocationMaxAgeSeconds : input.revocationMaxAgeSeconds,
		cryptoStrength: input.cryptoStrength ?? d.cryptoStrength,
		keyUsage: input.keyUsage ?? d.keyUsage,
		signingTime: input.signingTime ?? d.signingTime,
		timestampPresence: input.timestampPresence ?? d.timestampPresence,
		pdfModifications: input.pdfModifications ?? d.pdfModifications,
		profile: { ...d.profile, ...input.profile }
	};
}

/**
 * Parses a policy from untrusted input (a stored setting that may predate a rule, a form): missing entries take
 * the default; an invalid one is refused with a Vietnamese message.
 */
export function parseValidationPolicy(
	input: unknown
): { ok: true; policy: ValidationPolicy } | { ok: false; message: string } {
	const r = ValidationPolicyInputSchema.safeParse(input ?? {});
	if (!r.success)
		return { ok: false, message: r.error.issues[0]?.message ?? 'Chính sách kiểm tra không hợp lệ.' };
	return { ok: true, policy: resolveValidationPolicy(r.data) };
}

/** The revocation level the verifier's older option `revocation.policy` stood for. */
export function levelOfRevocationPolicy(p: 'require' | 'warn' | 'if-available' | 'none'): PolicyLevel {
	return p === 'require' ? 'FAIL' : p === 'none' ? 'IGNORE' : 'WARN';
}
