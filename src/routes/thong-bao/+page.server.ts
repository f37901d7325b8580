import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { formId, refusal, requireUser } from '$lib/server/http/route-kit';
import {
	listNotifications,
	markAllRead,
	markRead,
	parseCentreFilters,
	unreadCount
} from '$lib/server/notifications/centre';
import { NOTIFICATION_KINDS } from '$lib/domain/notifications';

// The notification centre: the signed-in user's own notifications, newest first.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals);
	const db = await getDb();
	const filters = parseCentreFilters(url.searchParams);
	const [rows, unread] = await Promise.all([
		listNotifications(db, user.id, filters, locals.lang),
		unreadCount(db, user.id)
	]);
	return { rows, unread, filters, kinds: [...NOTIFICATION_KINDS] };
};

export const actions: Actions = {
	read: async ({ locals, request }) => {
		const user = requireUser(locals);
		const id = formId((await request.formData()).get('id'));
		if (id === null) return fail(400, { code: 'INVALID_INPUT', message: 'Thiếu mã thông báo.', field: 'id' });
		try {
			await markRead(await getDb(), user.id, id);
			return { marked: 1 };
		} catch (e) {
			return refusal(e);
		}
	},
	readAll: async ({ locals }) => {
		const user = requireUser(locals);
		return { marked: await markAllRead(await getDb(), user.id), all: true };
	}
};
