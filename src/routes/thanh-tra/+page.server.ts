import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listInspections } from '$lib/server/inspections/service';

export const load: PageServerLoad = async ({ locals, url }) => ({
	q: url.searchParams.get('q')?.trim().slice(0, 100) ?? '',
	inspections: await listInspections(await getDb(), locals.user!.scope, {
		q: url.searchParams.get('q')?.trim().slice(0, 100)
	}),
	canEdit: locals.user!.roles.some((r) => r === 'admin' || r === 'inspector')
});
