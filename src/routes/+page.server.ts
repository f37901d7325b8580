import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { loadOverview } from '$lib/server/overview/overview';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { overviewForPage } from '$lib/server/overview/page-data';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	// The chosen agency stays in a cut drop-down; one outside the scope is simply not among the options.
	const chosen = Number(url.searchParams.get('agency')) || null;
	const [overview, agencies] = await Promise.all([
		loadOverview(db, scope, url.searchParams),
		agencyFilterChoices(db, scope, 'inventory', chosen)
	]);
	return {
		...overviewForPage(overview, url.searchParams.get('khongky') === 'all'),
		agencies: agencies.options,
		agenciesMore: agencies.more
	};
};
