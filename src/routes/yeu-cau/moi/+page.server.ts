import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { createRequest, createRequestSchema } from '$lib/server/requests/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal, requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => ({
	agencies: await agencyOptions(await getDb(), requireUser(locals).scope),
	kind: url.searchParams.get('loai') ?? 'recover',
	// An agency officer files for their own agency unless they pick a unit of it.
	defaultAgencyId: requireUser(locals).agencyId
});

export const actions: Actions = {
	default: async (event) => {
		const form = Object.fromEntries(await event.request.formData());
		const values = Object.fromEntries(
			Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const parsed = createRequestSchema.safeParse(values);
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
			id = await createRequest(await getDb(), requireUser(event.locals), parsed.data, auditFromEvent(event));
		} catch (e) {
			return refusal(e, { values });
		}
		redirect(303, `/yeu-cau/${id}`);
	}
};
