import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import {
	applyImportBatch,
	discardImportBatch,
	getImportBatch
} from '$lib/server/organisation-import/batches';
import { found, idParam, refusal } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy lượt nhập này.';
const idOf = (param: string) => idParam(param, NOT_FOUND);

export const load: PageServerLoad = async ({ params, url }) => {
	return {
		batch: found(await getImportBatch(await getDb(), idOf(params.id)), NOT_FOUND),
		done: url.searchParams.get('xong') === '1'
	};
};

export const actions: Actions = {
	apply: async (event) => {
		const id = idOf(event.params.id);
		try {
			await applyImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			// A refused apply has refreshed the stored preview: the page shows it on reload.
			return refusal(e);
		}
		redirect(303, `/to-chuc/nhap/${id}?xong=1`);
	},
	discard: async (event) => {
		const id = idOf(event.params.id);
		try {
			await discardImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		redirect(303, '/to-chuc/nhap');
	}
};
