import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';
import {
	applyImportBatch,
	discardImportBatch,
	getImportBatch
} from '$lib/server/organisation-import/batches';

function idOf(param: string): number {
	const id = Number(param);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy lượt nhập này.' });
	return id;
}

export const load: PageServerLoad = async ({ params, url }) => {
	try {
		return {
			batch: await getImportBatch(await getDb(), idOf(params.id)),
			done: url.searchParams.get('xong') === '1'
		};
	} catch (e) {
		if (isAppError(e)) error(e.status, { message: e.message });
		throw e;
	}
};

export const actions: Actions = {
	apply: async (event) => {
		const id = idOf(event.params.id);
		try {
			await applyImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			// A refused apply has refreshed the stored preview: the page shows it on reload.
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, `/to-chuc/nhap/${id}?xong=1`);
	},
	discard: async (event) => {
		const id = idOf(event.params.id);
		try {
			await discardImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, '/to-chuc/nhap');
	}
};
