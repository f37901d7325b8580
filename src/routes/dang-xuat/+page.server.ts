import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { deleteAllSessions, deleteSession } from '$lib/server/auth/sessions';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { recordAudit, auditFromEvent } from '$lib/server/audit/log';

// Signing out is a POST (a link could be forged into any page); a plain visit goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	/** Sign out of this browser. (Named: SvelteKit forbids a default action beside named ones.) */
	here: async (event) => {
		const user = event.locals.user;
		if (user) {
			const db = await getDb();
			await deleteSession(db, user.sessionId);
			await recordAudit(db, {
				...auditFromEvent(event),
				action: 'auth.sign_out',
				entityType: 'user',
				entityId: user.id
			});
		}
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/dang-nhap');
	},
	/** Sign out of every session of this account (a lost laptop, a shared computer). */
	all: async (event) => {
		const user = event.locals.user;
		if (user) {
			const db = await getDb();
			const n = await deleteAllSessions(db, user.id);
			await recordAudit(db, {
				...auditFromEvent(event),
				action: 'auth.sign_out_all',
				entityType: 'user',
				entityId: user.id,
				details: { sessions: n }
			});
		}
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/dang-nhap');
	}
};
