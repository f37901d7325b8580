import type { LayoutServerLoad } from './$types';
import { NAV_ITEMS } from '$lib/components/nav-items';
import { can } from '$lib/server/auth/can';

export const load: LayoutServerLoad = async ({ locals }) => ({
	lang: locals.lang,
	user: locals.user
		? {
				username: locals.user.username,
				displayName: locals.user.displayName,
				roles: locals.user.roles
			}
		: null,
	// The sidebar shows the pages the route rules let this user open.
	nav: NAV_ITEMS.filter((item) => can(locals.user, item.href)).map((item) => item.href)
});
