import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { removeCalendarException, setCalendarException, yearCalendar } from '$lib/server/calendar/exceptions';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';
import { vietnamDay } from '$lib/time/vietnam';

/** The year shown: ?nam=YYYY between 2000 and 2100, else the current one. */
function yearOf(url: URL): number {
	const y = Number(url.searchParams.get('nam'));
	return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(vietnamDay(new Date()).slice(0, 4));
}

export const load: PageServerLoad = async ({ url }) => ({
	calendar: await yearCalendar(await getDb(), yearOf(url))
});

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	set: async (event) => {
		const form = await event.request.formData();
		const input = { day: text(form, 'day'), kind: text(form, 'kind'), note: text(form, 'note') };
		try {
			await setCalendarException(await getDb(), input, auditFromEvent(event));
			return { saved: true };
		} catch (e) {
			return refusal(e, { input });
		}
	},
	remove: async (event) => {
		const form = await event.request.formData();
		try {
			await removeCalendarException(await getDb(), text(form, 'day'), auditFromEvent(event));
			return { removed: true };
		} catch (e) {
			return refusal(e);
		}
	}
};
