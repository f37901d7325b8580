import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyTree } from '$lib/server/inventory/agencies';

export const load: PageServerLoad = async ({ locals }) => ({
	tree: await agencyTree(await getDb(), locals.user!.scope),
	canAdd: locals.user!.roles.some((r) => r === 'admin' || r === 'inspector')
});
