import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections } from '$lib/server/inspections/service';

export const load: PageServerLoad = async ({ locals }) => ({
	inspections: await listInspections(await getDb(), locals.user!.scope),
	canEdit: locals.user!.roles.some((r) => r === 'admin' || r === 'inspector')
});
