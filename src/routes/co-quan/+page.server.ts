import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyTree } from '$lib/server/inventory/agencies';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	tree: await agencyTree(await getDb(), requireUser(locals).scope),
	canAdd: can(locals.user, '/co-quan/moi')
});
