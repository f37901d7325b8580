import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { createPerson } from '$lib/server/organisation/people';
import { newPersonSchema, parseInput } from '$lib/server/organisation/people-input';
import { orgFormAction } from '$lib/server/organisation/form-action';
import { requireUser } from '$lib/server/http/route-kit';
import { queryId } from '$lib/server/http/query-values';

export const load: PageServerLoad = async ({ locals, url }) => {
	return {
		agencies: await agencyOptions(await getDb(), requireUser(locals).scope),
		defaultAgencyId: queryId(url.searchParams.get('co-quan')) ?? requireUser(locals).agencyId
	};
};

export const actions: Actions = {
	default: async (event) => {
		let id = 0;
		const r = await orgFormAction(event, 'create', async (values, user, who) => {
			id = await createPerson(await getDb(), user, parseInput(newPersonSchema, values), who);
		});
		if (!id) return r;
		redirect(303, `/nhan-su/${id}`);
	}
};
