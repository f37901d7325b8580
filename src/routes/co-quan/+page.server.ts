import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyPage, agencyPageSchema } from '$lib/server/inventory/agency-page';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { value: filter, invalid } = parseQuery(agencyPageSchema, url.searchParams);
	return {
		filter,
		invalid,
		list: await agencyPage(await getDb(), requireUser(locals).scope, filter),
		canAdd: can(locals.user, '/co-quan/moi')
	};
};
