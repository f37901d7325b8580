import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listFindings, parseFindingFilters } from '$lib/server/findings/queries';
import { FINDING_KIND_NAMES, LEGAL_BASES, SEVERITIES } from '$lib/domain/findings';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const filters = parseFindingFilters(url.searchParams);
	const scope = requireUser(locals).scope;
	const [list, agencies] = await Promise.all([listFindings(db, scope, filters), agencyOptions(db, scope)]);
	return {
		...list,
		filters,
		agencies,
		kinds: FINDING_KIND_NAMES,
		articles: LEGAL_BASES,
		severities: [...SEVERITIES]
	};
};
