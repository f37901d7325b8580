import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	commitCertificateImportBatch,
	discardCertificateImportBatch,
	getCertificateImportBatch
} from '$lib/server/import/batches';
import { auditFromEvent } from '$lib/server/audit/log';
import { found, idParam, refusal } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

const NOT_FOUND = 'Không tìm thấy lượt nhập chứng thư.';
const idOf = (param: string) => idParam(param, NOT_FOUND);

export const load: PageServerLoad = async ({ params, locals, url }) => {
	return {
		batch: found(await getCertificateImportBatch(await getDb(), idOf(params.id)), NOT_FOUND),
		canTrust: can(locals.user, '/chung-thu/nhap/ca', 'trust'),
		done: url.searchParams.get('xong') === '1'
	};
};

export const actions: Actions = {
	commit: async (event) => {
		const id = idOf(event.params.id);
		const form = await event.request.formData();
		// Trusting a root decides what every verification accepts: whoever may trust CAs on /chung-thu/nhap/ca.
		const trust = form.get('trustRoots') === 'on' && can(event.locals.user, '/chung-thu/nhap/ca', 'trust');
		try {
			await commitCertificateImportBatch(await getDb(), id, {
				...auditFromEvent(event),
				trustSelfSignedRoots: trust
			});
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/chung-thu/nhap/${id}?xong=1`);
	},
	discard: async (event) => {
		const id = idOf(event.params.id);
		try {
			await discardCertificateImportBatch(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		redirect(303, '/chung-thu/nhap');
	}
};
