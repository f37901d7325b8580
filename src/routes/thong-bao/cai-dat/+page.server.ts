import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { emailPreferences, saveEmailPreferences } from '$lib/server/notifications/email-preferences';
import { mailSummary } from '$lib/server/config/mail';
import { refusal, requireUser } from '$lib/server/http/route-kit';

// Each user chooses which kinds of notification reach them by e-mail (their own account only).
export const load: PageServerLoad = async ({ locals }) => ({
	...(await emailPreferences(await getDb(), requireUser(locals).id)),
	smtpConfigured: mailSummary().configured
});

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const wanted = (await request.formData()).getAll('kind').map(String);
		try {
			await saveEmailPreferences(await getDb(), requireUser(locals), wanted, getClientAddress());
			return { saved: true };
		} catch (e) {
			return refusal(e);
		}
	}
};
