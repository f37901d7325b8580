import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';
import { loadEscalationDays, saveEscalationDays } from '$lib/server/notifications/settings';

// The administrator's notification settings (escalation after N unread days).
export const load: PageServerLoad = async () => ({ days: await loadEscalationDays(await getDb()) });

export const actions: Actions = {
	default: async (event) => {
		const typed = String((await event.request.formData()).get('days') ?? '');
		try {
			return { saved: true, days: await saveEscalationDays(await getDb(), typed, auditFromEvent(event)) };
		} catch (e) {
			return refusal(e, { typed });
		}
	}
};
