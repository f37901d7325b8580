import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { overviewFigures } from '$lib/server/overview/queries';

export const load: PageServerLoad = async ({ locals }) => ({
	figures: await overviewFigures(await getDb(), locals.user!.scope)
});
