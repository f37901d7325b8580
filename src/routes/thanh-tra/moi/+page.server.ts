import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { createInspection, inspectionSchema } from '$lib/server/inspections/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal, requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	agencies: await agencyOptions(await getDb(), requireUser(locals).scope)
});

export const actions: Actions = {
	default: async (event) => {
		const values = Object.fromEntries(
			[...(await event.request.formData())].map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const parsed = inspectionSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.', values });
		let id: number;
		try {
			id = await createInspection(
				await getDb(),
				requireUser(event.locals).scope,
				parsed.data,
				auditFromEvent(event)
			);
		} catch (e) {
			return refusal(e, { values });
		}
		redirect(303, `/thanh-tra/${id}`);
	}
};
