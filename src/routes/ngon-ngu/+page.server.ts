import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseLang } from '$lib/i18n';
import { saveUserLanguage } from '$lib/server/auth/user-language';

// The header's language switch. A plain visit goes home; the POST keeps the choice in a cookie
// (for this browser, also before sign-in) and on the signed-in user's account, then returns to
// the page it came from.
export const load: PageServerLoad = () => redirect(303, '/');

const ONE_YEAR = 60 * 60 * 24 * 365;

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const form = await request.formData();
		const lang = parseLang(String(form.get('lang') ?? ''));
		cookies.set('lang', lang, { path: '/', maxAge: ONE_YEAR, httpOnly: false, sameSite: 'lax' });
		if (locals.user) await saveUserLanguage(await getDb(), locals.user.id, lang);
		const back = String(form.get('back') ?? '/');
		// Only a path on this site: never an open redirect.
		redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
	}
};
