import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listCaCertificates, setCaTrusted } from '$lib/server/verification/trust-store';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';

export const load: PageServerLoad = async ({ locals }) => ({
	cas: await listCaCertificates(await getDb()),
	isAdmin: locals.user!.roles.includes('admin')
});

export const actions: Actions = {
	trust: async (event) => {
		const form = await event.request.formData();
		const id = Number(form.get('id'));
		if (!Number.isInteger(id) || id <= 0) return fail(400, { message: 'Chứng thư CA không hợp lệ.' });
		try {
			await setCaTrusted(await getDb(), id, form.get('trusted') === 'true', auditFromEvent(event));
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, '/chung-thu/nhap/ca');
	}
};
