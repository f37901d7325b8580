import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { listPeople, peopleFilterSchema } from '$lib/server/organisation/people-queries';
import { mayEditOrganisation } from '$lib/server/organisation/people-access';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const user = requireUser(locals);
	const { value: filter, invalid } = parseQuery(peopleFilterSchema, url.searchParams);
	const [list, agencies] = await Promise.all([
		listPeople(db, user.scope, filter),
		agencyFilterChoices(db, user.scope, 'inventory', filter.agency)
	]);
	return {
		list,
		filter,
		invalid,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		mayCreate: mayEditOrganisation(user)
	};
};
