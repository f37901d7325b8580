import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getDb } from '$lib/server/db';
import { deleteSession } from '$lib/server/auth/sessions';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.user) await deleteSession(await getDb(), locals.user.sessionId);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/dang-nhap');
	}
};
