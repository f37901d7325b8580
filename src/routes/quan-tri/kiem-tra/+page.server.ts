import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	loadVerificationSettings,
	saveVerificationSettings,
	settingsFormValues
} from '$lib/server/verification/settings';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async () => ({
	values: settingsFormValues(await loadVerificationSettings(await getDb()))
});

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = {
			revocationPolicy: String(form.get('revocationPolicy') ?? ''),
			onlineRevocation: form.get('onlineRevocation') === 'on',
			sha1NotAfter: String(form.get('sha1NotAfter') ?? ''),
			weakRsaNotAfter: String(form.get('weakRsaNotAfter') ?? ''),
			minRsaBits: String(form.get('minRsaBits') ?? '')
		};
		try {
			const saved = await saveVerificationSettings(await getDb(), input, auditFromEvent(event));
			return { saved: true, values: settingsFormValues(saved) };
		} catch (e) {
			return refusal(e, { input });
		}
	}
};
