import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyChoices, createAgency } from '$lib/server/organisation/agencies';
import { auditFromEvent } from '$lib/server/audit/log';
import { formValues, refused } from '../agency-form.server';
import { queryId } from '$lib/server/http/query-values';

export const load: PageServerLoad = async ({ url }) => {
	// ?cha=<id>: "add a unit" from an agency's page preselects it as the parent.
	return {
		choices: await agencyChoices(await getDb()),
		parentId: queryId(url.searchParams.get('cha')) ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const values = await formValues(event.request);
		let id: number;
		try {
			id = await createAgency(await getDb(), values, auditFromEvent(event));
		} catch (e) {
			return refused('create', e, values);
		}
		redirect(303, `/co-quan/${id}`);
	}
};
