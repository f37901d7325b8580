// The validation policy's levels as the settings page posts and shows them: one field per check
// (`level.<check>`, `level.profile.<rule>`) and the revocation data's maximum age in hours. Parsing
// names the check it refuses, in Vietnamese; the stored value is a ValidationPolicyInput (catalogue
// key 'pki.validation_policy').
import {
	POLICY_CHECK_IDS,
	POLICY_LEVELS,
	resolveValidationPolicy,
	type PolicyLevel,
	type ValidationPolicy,
	type ValidationPolicyInput
} from '../../pki/validation-policy';
import { PROFILE_RULE_IDS, PROFILE_RULES, type ProfileRule } from '../../pki/profile-rules';
import { POLICY_CHECKS } from '../../pki/validation-policy';
import { AppError } from '../../errors';
import type { RevocationPolicy } from '../../pki/chain-validator';

/** Every levelled check's form key: the five checks, then `profile.<rule>`. */
export const POLICY_FORM_KEYS: readonly string[] = [
	...POLICY_CHECK_IDS,
	...PROFILE_RULE_IDS.map((r) => `profile.${r}`)
];

/** The Vietnamese description of a form key (for error messages and the page). */
export function policyKeyVi(key: string): string {
	if (key.startsWith('profile.')) return PROFILE_RULES[key.slice(8) as ProfileRule]?.vi ?? key;
	return POLICY_CHECKS[key as keyof typeof POLICY_CHECKS]?.vi ?? key;
}

export interface PolicyFormValues {
	levels: Record<string, PolicyLevel>;
	/** Empty: each answer's own update interval (nextUpdate − thisUpdate). */
	revocationMaxAgeHours: string;
}

export function policyFormValues(p: ValidationPolicy): PolicyFormValues {
	const levels: Record<string, PolicyLevel> = {};
	for (const c of POLICY_CHECK_IDS) levels[c] = p[c];
	for (const r of PROFILE_RULE_IDS) levels[`profile.${r}`] = p.profile[r];
	return {
		levels,
		revocationMaxAgeHours:
			p.revocationMaxAgeSeconds === null ? '' : String(Math.round(p.revocationMaxAgeSeconds / 3600))
	};
}

const isLevel = (v: unknown): v is PolicyLevel => POLICY_LEVELS.includes(v as PolicyLevel);

/** The posted levels as a complete policy; a missing or unknown level is an INVALID_INPUT naming the check. */
export function parsePolicyForm(input: {
	levels: Record<string, string>;
	revocationMaxAgeHours: string;
}): ValidationPolicy {
	const out: ValidationPolicyInput = { profile: {} };
	for (const key of POLICY_FORM_KEYS) {
		const v = input.levels[key];
		if (!isLevel(v))
			throw new AppError(
				'INVALID_INPUT',
				`Mức áp dụng cho "${policyKeyVi(key)}" phải là FAIL, WARN, INFORM hoặc IGNORE.`
			);
		if (key.startsWith('profile.')) out.profile![key.slice(8) as ProfileRule] = v;
		else out[key as (typeof POLICY_CHECK_IDS)[number]] = v;
	}
	const hours = input.revocationMaxAgeHours.trim();
	if (hours === '') out.revocationMaxAgeSeconds = null;
	else {
		const n = Number(hours);
		if (!/^\d+$/.test(hours) || !Number.isSafeInteger(n) || n > 10 * 365 * 24)
			throw new AppError(
				'INVALID_INPUT',
				'Tuổi tối đa của thông tin thu hồi phải là số giờ nguyên, từ 0 đến 87600 (để trống: theo chu kỳ cập nhật của CRL/OCSP).'
			);
		out.revocationMaxAgeSeconds = n * 3600;
	}
	return resolveValidationPolicy(out);
}

/**
 * The older revocation setting that goes with a revocation-freshness level: revocation data is looked for
 * whatever the level (the facts are kept, so another policy can judge them again); only FAIL requires it.
 */
export const revocationPolicyOfLevel = (l: PolicyLevel): Exclude<RevocationPolicy, 'warn'> =>
	l === 'FAIL' ? 'require' : 'if-available';
