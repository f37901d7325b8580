import type { LayoutServerLoad } from './$types';
import { NAV_ITEMS } from '$lib/components/nav-items';
import { can } from '$lib/server/auth/can';
import { getDb } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications/centre';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	// Read so that the load reruns on every navigation: the bell's count follows what was just read.
	void url.pathname;
	return {
		lang: locals.lang,
		user: locals.user
			? {
					username: locals.user.username,
					displayName: locals.user.displayName,
					roles: locals.user.roles
				}
			: null,
		// The sidebar shows the pages the route rules let this user open.
		nav: NAV_ITEMS.filter((item) => can(locals.user, item.href)).map((item) => item.href),
		// The header's bell: the user's unread notifications still current.
		unread: locals.user ? await unreadCount(await getDb(), locals.user.id) : 0
	};
};
