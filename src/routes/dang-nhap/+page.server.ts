import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signIn } from '$lib/server/auth/sign-in';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';

function safeNext(next: string | null): string {
	// Only local paths: an open redirect would let a phishing link bounce through us.
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!username || !password) return fail(400, { username, message: 'Nhập tên đăng nhập và mật khẩu.' });
		const outcome = await signIn(await getDb(), {
			username,
			password,
			ip: getClientAddress(),
			userAgent: request.headers.get('user-agent')
		});
		if (!outcome.ok) return fail(outcome.status, { username, message: outcome.message });
		cookies.set(SESSION_COOKIE, outcome.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'strict',
			secure: url.protocol === 'https:' || url.hostname === 'localhost',
			expires: outcome.expiresAt
		});
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
