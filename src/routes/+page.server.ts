import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { loadOverview } from '$lib/server/overview/overview';
import { agencyOptions } from '$lib/server/inventory/agencies';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = locals.user!.scope;
	const [overview, agencies] = await Promise.all([
		loadOverview(db, scope, url.searchParams),
		agencyOptions(db, scope)
	]);
	return { ...overview, agencies };
};
