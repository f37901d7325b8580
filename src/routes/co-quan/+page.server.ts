import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyFilterSchema, listAgencies } from '$lib/server/inventory/agency-list';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { value: filter, invalid } = parseQuery(agencyFilterSchema, url.searchParams);
	return {
		filter,
		invalid,
		list: await listAgencies(await getDb(), requireUser(locals).scope, filter),
		canAdd: can(locals.user, '/co-quan/moi')
	};
};
