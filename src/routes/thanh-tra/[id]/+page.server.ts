import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import {
	getInspection,
	inspectionSchema,
	setInspectionFindings,
	updateInspection
} from '$lib/server/inspections/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { found, idParam, refusal, requireUser } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

const NOT_FOUND = 'Không tìm thấy đợt kiểm tra (hoặc không thuộc phạm vi của bạn).';
const idOf = (param: string) => idParam(param, 'Không tìm thấy đợt kiểm tra.');

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = await getDb();
	const { inspection, findings } = found(
		await getInspection(db, requireUser(locals).scope, idOf(params.id)),
		NOT_FOUND
	);
	return {
		inspection,
		findings,
		agencies: await agencyOptions(db, requireUser(locals).scope),
		canEdit: can(locals.user, '/thanh-tra/[id]', 'update'),
		canSetFindings: can(locals.user, '/thanh-tra/[id]', 'findings')
	};
};

export const actions: Actions = {
	update: async (event) => {
		const id = idOf(event.params.id);
		const values = Object.fromEntries(
			[...(await event.request.formData())].map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const parsed = inspectionSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		try {
			await updateInspection(
				await getDb(),
				requireUser(event.locals).scope,
				id,
				parsed.data,
				auditFromEvent(event)
			);
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/thanh-tra/${id}`);
	},
	findings: async (event) => {
		const id = idOf(event.params.id);
		const ids = (await event.request.formData())
			.getAll('finding')
			.map(Number)
			.filter((n) => Number.isInteger(n) && n > 0);
		try {
			await setInspectionFindings(
				await getDb(),
				requireUser(event.locals).scope,
				id,
				ids,
				auditFromEvent(event)
			);
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/thanh-tra/${id}`);
	}
};
