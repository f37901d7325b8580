import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { loadOverview } from '$lib/server/overview/overview';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const [overview, agencies] = await Promise.all([
		loadOverview(db, scope, url.searchParams),
		agencyOptions(db, scope)
	]);
	// Every agency's standing is for the workbook; the page shows the ten best, the bottom ten
	// and the silent ones (hundreds in a province: their name and active certificates, the rest
	// is zero), so only those travel to the browser.
	const { top, bottom, silent } = overview.ranking;
	return {
		...overview,
		ranking: {
			top,
			bottom,
			silent: silent.map(({ agency_id, agency_name, active }) => ({ agency_id, agency_name, active }))
		},
		agencies
	};
};
