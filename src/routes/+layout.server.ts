import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	lang: locals.lang,
	user: locals.user
		? {
				username: locals.user.username,
				displayName: locals.user.displayName,
				roles: locals.user.roles
			}
		: null
});
