import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections } from '$lib/server/inspections/service';
import { can } from '$lib/server/auth/can';

export const load: PageServerLoad = async ({ locals }) => ({
	inspections: await listInspections(await getDb(), locals.user!.scope),
	canEdit: can(locals.user, '/thanh-tra/moi')
});
