import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { mailSettingsView, saveDigestTime } from '$lib/server/notifications/mail-settings';
import { refusal, requireUser } from '$lib/server/http/route-kit';

// E-mail for administrators: whether SMTP is configured (the environment) and the digest's time.
export const load: PageServerLoad = async () => mailSettingsView(await getDb());

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const digestTime = String((await request.formData()).get('digestTime') ?? '');
		try {
			await saveDigestTime(await getDb(), requireUser(locals), digestTime, getClientAddress());
			return { saved: true };
		} catch (e) {
			return refusal(e, { digestTime });
		}
	}
};
