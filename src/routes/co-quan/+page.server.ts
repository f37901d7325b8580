import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyTree } from '$lib/server/inventory/agencies';
import { can } from '$lib/server/auth/can';

export const load: PageServerLoad = async ({ locals }) => ({
	tree: await agencyTree(await getDb(), locals.user!.scope),
	canAdd: can(locals.user, '/co-quan/moi')
});
