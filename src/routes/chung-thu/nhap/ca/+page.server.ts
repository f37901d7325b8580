import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listCaCertificates, setCaTrusted } from '$lib/server/verification/trust-store';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, refusal } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

export const load: PageServerLoad = async ({ locals }) => ({
	cas: await listCaCertificates(await getDb()),
	canTrust: can(locals.user, '/chung-thu/nhap/ca', 'trust')
});

export const actions: Actions = {
	trust: async (event) => {
		const form = await event.request.formData();
		const id = formId(form.get('id'));
		if (id === null) return fail(400, { message: 'Chứng thư CA không hợp lệ.' });
		try {
			await setCaTrusted(await getDb(), id, form.get('trusted') === 'true', auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		redirect(303, '/chung-thu/nhap/ca');
	}
};
