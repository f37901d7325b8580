import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections } from '$lib/server/inspections/service';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	inspections: await listInspections(await getDb(), requireUser(locals).scope),
	canEdit: can(locals.user, '/thanh-tra/moi')
});
