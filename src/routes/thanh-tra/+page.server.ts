import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections } from '$lib/server/inspections/service';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => ({
	q: url.searchParams.get('q')?.trim().slice(0, 100) ?? '',
	inspections: await listInspections(await getDb(), requireUser(locals).scope, {
		q: url.searchParams.get('q')?.trim().slice(0, 100)
	}),
	canEdit: can(locals.user, '/thanh-tra/moi')
});
