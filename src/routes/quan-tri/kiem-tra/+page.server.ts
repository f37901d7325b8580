import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	loadVerificationSettings,
	saveVerificationSettings,
	settingsFormValues
} from '$lib/server/verification/settings';
import { POLICY_FORM_KEYS, policyKeyVi } from '$lib/server/verification/policy-form';
import { DEFAULT_VALIDATION_POLICY } from '$lib/pki/validation-policy';
import { POLICY_CHECKS } from '$lib/pki/validation-policy';
import { PROFILE_RULES, type ProfileRule } from '$lib/pki/profile-rules';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';

/** One row of the levels table: the check, its source and its default level. */
const policyRows = POLICY_FORM_KEYS.map((key) => {
	const rule = key.startsWith('profile.') ? (key.slice(8) as ProfileRule) : null;
	return {
		key,
		vi: policyKeyVi(key),
		source: rule ? PROFILE_RULES[rule].source : POLICY_CHECKS[key as keyof typeof POLICY_CHECKS].source,
		profile: rule !== null,
		defaultLevel: rule
			? DEFAULT_VALIDATION_POLICY.profile[rule]
			: DEFAULT_VALIDATION_POLICY[key as keyof typeof POLICY_CHECKS]
	};
});

export const load: PageServerLoad = async () => ({
	values: settingsFormValues(await loadVerificationSettings(await getDb())),
	policyRows
});

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const levels: Record<string, string> = {};
		for (const key of POLICY_FORM_KEYS) levels[key] = String(form.get(`level.${key}`) ?? '');
		const input = {
			onlineRevocation: form.get('onlineRevocation') === 'on',
			sha1NotAfter: String(form.get('sha1NotAfter') ?? ''),
			weakRsaNotAfter: String(form.get('weakRsaNotAfter') ?? ''),
			minRsaBits: String(form.get('minRsaBits') ?? ''),
			levels,
			revocationMaxAgeHours: String(form.get('revocationMaxAgeHours') ?? '')
		};
		try {
			const saved = await saveVerificationSettings(await getDb(), input, auditFromEvent(event));
			return { saved: true, values: settingsFormValues(saved) };
		} catch (e) {
			return refusal(e, { input });
		}
	}
};
