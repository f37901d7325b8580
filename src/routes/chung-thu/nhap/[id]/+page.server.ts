import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	commitCertificateImportBatch,
	discardCertificateImportBatch,
	getCertificateImportBatch
} from '$lib/server/import/batches';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';

function idOf(param: string): number {
	const id = Number(param);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy lượt nhập chứng thư.' });
	return id;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	try {
		const batch = await getCertificateImportBatch(await getDb(), idOf(params.id));
		return {
			batch,
			isAdmin: locals.user!.roles.includes('admin'),
			done: url.searchParams.get('xong') === '1'
		};
	} catch (e) {
		if (isAppError(e)) error(e.status, { message: e.message });
		throw e;
	}
};

export const actions: Actions = {
	commit: async (event) => {
		const id = idOf(event.params.id);
		const form = await event.request.formData();
		// Trusting a root decides what every verification accepts: administrators only.
		const trust = form.get('trustRoots') === 'on' && event.locals.user!.roles.includes('admin');
		try {
			await commitCertificateImportBatch(await getDb(), id, {
				...auditFromEvent(event),
				trustSelfSignedRoots: trust
			});
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, `/chung-thu/nhap/${id}?xong=1`);
	},
	discard: async (event) => {
		const id = idOf(event.params.id);
		try {
			await discardCertificateImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, '/chung-thu/nhap');
	}
};
