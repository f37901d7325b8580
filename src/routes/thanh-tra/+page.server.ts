import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections, parseInspectionFilters } from '$lib/server/inspections/list-queries';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = parseInspectionFilters(url.searchParams);
	return {
		filters,
		inspections: await listInspections(await getDb(), requireUser(locals).scope, filters),
		canEdit: can(locals.user, '/thanh-tra/moi')
	};
};
