import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { loadOverview } from '$lib/server/overview/overview';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { DORMANT_SHOWN, overviewForPage, RANKED_SHOWN, SILENT_SHOWN } from '$lib/server/overview/page-data';
import { requireUser } from '$lib/server/http/route-kit';
import { queryId } from '$lib/server/http/query-values';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	// The chosen agency stays in a cut drop-down; one outside the scope is simply not among the options.
	const chosen = queryId(url.searchParams.get('agency')) ?? null;
	const allSilent = url.searchParams.get('khongky') === 'all';
	const [overview, agencies] = await Promise.all([
		// Every silent agency when asked for them all: then every agency's standing is read.
		loadOverview(
			db,
			scope,
			url.searchParams,
			new Date(),
			allSilent ? undefined : { ranked: RANKED_SHOWN, silent: SILENT_SHOWN, dormant: DORMANT_SHOWN }
		),
		agencyFilterChoices(db, scope, 'inventory', chosen)
	]);
	return {
		...overviewForPage(overview, allSilent),
		agencies: agencies.options,
		agenciesMore: agencies.more
	};
};
