import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listRequests, openRecoveryRequests, parseRequestFilters } from '$lib/server/requests/queries';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = { ...parseRequestFilters(url.searchParams), limit: 200 };
	const db = await getDb();
	const now = new Date();
	const scope = requireUser(locals).scope;
	const [list, recovery, agencies] = await Promise.all([
		listRequests(db, scope, filters, now),
		openRecoveryRequests(db, scope, now),
		agencyFilterChoices(db, scope, 'all', filters.agencyId)
	]);
	const canCreate = can(locals.user, '/yeu-cau/moi');
	return {
		...list,
		recovery,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		filters,
		canCreate
	};
};
