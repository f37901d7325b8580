import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { loadOverview } from '$lib/server/overview/overview';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import {
	DORMANT_SHOWN,
	overviewForPage,
	RANKED_SHOWN,
	silentCut,
	silentPageOf
} from '$lib/server/overview/page-data';
import { requireUser } from '$lib/server/http/route-kit';
import { queryId } from '$lib/server/http/query-values';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	// The chosen agency stays in a cut drop-down; one outside the scope is simply not among the options.
	const chosen = queryId(url.searchParams.get('agency')) ?? null;
	const silentPage = silentPageOf(url.searchParams.get('khongky'));
	const [overview, agencies] = await Promise.all([
		// The agencies that signed nothing up to the end of the page shown, when a page of all of them is asked for.
		loadOverview(db, scope, url.searchParams, new Date(), {
			ranked: RANKED_SHOWN,
			silent: silentCut(silentPage),
			dormant: DORMANT_SHOWN
		}),
		agencyFilterChoices(db, scope, 'inventory', chosen)
	]);
	return {
		...overviewForPage(overview, silentPage),
		agencies: agencies.options,
		agenciesMore: agencies.more
	};
};
