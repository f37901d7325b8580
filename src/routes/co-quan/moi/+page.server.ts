import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyChoices, createAgency } from '$lib/server/organisation/agencies';
import { auditFromEvent } from '$lib/server/audit/log';
import { formValues, refused } from '../agency-form.server';

export const load: PageServerLoad = async ({ url }) => {
	// ?cha=<id>: "add a unit" from an agency's page preselects it as the parent.
	const parent = Number(url.searchParams.get('cha'));
	return {
		choices: await agencyChoices(await getDb()),
		parentId: Number.isSafeInteger(parent) && parent > 0 ? parent : null
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
