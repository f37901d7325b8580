import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { createTraining, trainingSchema } from '$lib/server/inspections/service';
import { listTrainings, parseTrainingFilters } from '$lib/server/inspections/list-queries';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal, requireUser } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const filters = parseTrainingFilters(url.searchParams);
	const scope = requireUser(locals).scope;
	const canEdit = can(locals.user, '/thanh-tra/dao-tao', 'create');
	// The agencies are for the form only, which only those who may record a training see.
	const [trainings, agencies] = await Promise.all([
		listTrainings(db, scope, filters),
		canEdit ? agencyOptions(db, scope) : []
	]);
	return { filters, trainings, agencies, canEdit };
};

export const actions: Actions = {
	create: async (event) => {
		const values = Object.fromEntries(
			[...(await event.request.formData())].map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const parsed = trainingSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.', values });
		try {
			await createTraining(
				await getDb(),
				requireUser(event.locals).scope,
				parsed.data,
				auditFromEvent(event)
			);
		} catch (e) {
			return refusal(e, { values });
		}
		redirect(303, '/thanh-tra/dao-tao');
	}
};
