import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signIn } from '$lib/server/auth/sign-in';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { sessionCookieOptions } from '$lib/server/auth/cookies';
import { safeRedirectPath } from '$lib/server/auth/safe-redirect';

const SignInForm = z.object({
	username: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(1000)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const parsed = SignInForm.safeParse({
			username: form.get('username') ?? '',
			password: form.get('password') ?? ''
		});
		const username = String(form.get('username') ?? '').slice(0, 100);
		if (!parsed.success) return fail(400, { username, message: 'Nhập tên đăng nhập và mật khẩu.' });
		const outcome = await signIn(await getDb(), {
			...parsed.data,
			ip: getClientAddress(),
			userAgent: request.headers.get('user-agent'),
			previousToken: cookies.get(SESSION_COOKIE) ?? null
		});
		if (!outcome.ok) {
			cookies.delete(SESSION_COOKIE, { path: '/' });
			return fail(outcome.status, { username, message: outcome.message });
		}
		cookies.set(SESSION_COOKIE, outcome.token, sessionCookieOptions(url, outcome.expiresAt));
		redirect(303, safeRedirectPath(url.searchParams.get('next')));
	}
};
