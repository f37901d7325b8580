import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listFindings, parseFindingFilters } from '$lib/server/findings/queries';
import { FINDING_KIND_NAMES, LEGAL_BASES, SEVERITIES } from '$lib/domain/findings';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const filters = parseFindingFilters(url.searchParams);
	const scope = requireUser(locals).scope;
	const [list, agencies] = await Promise.all([
		listFindings(db, scope, filters),
		agencyFilterChoices(db, scope, 'inventory', filters.agencyId)
	]);
	return {
		...list,
		filters,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		kinds: FINDING_KIND_NAMES,
		articles: LEGAL_BASES,
		severities: [...SEVERITIES]
	};
};
