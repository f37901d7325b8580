import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { createDevice, newDeviceSchema } from '$lib/server/organisation/custody';
import { DEVICE_KINDS } from '$lib/domain';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal, requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	agencies: await agencyOptions(await getDb(), requireUser(locals).scope),
	kinds: [...DEVICE_KINDS],
	defaultAgencyId: requireUser(locals).agencyId
});

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = {
			serial: String(form.get('serial') ?? ''),
			kind: String(form.get('kind') ?? ''),
			model: String(form.get('model') ?? ''),
			agencyId: String(form.get('agencyId') ?? ''),
			receivedOn: String(form.get('receivedOn') ?? '')
		};
		const parsed = newDeviceSchema.safeParse(values);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return fail(400, {
				message: issue?.message ?? 'Dữ liệu không hợp lệ.',
				field: String(issue?.path[0] ?? ''),
				values
			});
		}
		let id: number;
		try {
			id = await createDevice(await getDb(), requireUser(event.locals), parsed.data, auditFromEvent(event));
		} catch (e) {
			return refusal(e, { values });
		}
		redirect(303, `/thiet-bi/${id}`);
	}
};
