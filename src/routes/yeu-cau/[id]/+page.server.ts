import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import {
	decideRequest,
	getRequest,
	dueWorkingDays,
	type RequestDecision
} from '$lib/server/requests/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';

function idOf(param: string): number {
	const id = Number(param);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy yêu cầu.' });
	return id;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = await getDb();
	try {
		const request = await getRequest(db, locals.user!, idOf(params.id));
		const roles = locals.user!.roles;
		return {
			request,
			dueDays: await dueWorkingDays(db, request.kind),
			isStaff: roles.includes('admin') || roles.includes('inspector'),
			isOfficer: roles.includes('agency_officer')
		};
	} catch (e) {
		if (isAppError(e)) error(e.status, { message: e.message });
		throw e;
	}
};

function decision(kind: RequestDecision) {
	return async (event: RequestEvent) => {
		const id = idOf(event.params.id);
		const reason = String((await event.request.formData()).get('reason') ?? '');
		try {
			await decideRequest(await getDb(), event.locals.user!, id, kind, reason, auditFromEvent(event));
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message, reason });
			throw e;
		}
		redirect(303, `/yeu-cau/${id}`);
	};
}

export const actions: Actions = {
	accept: decision('accept'),
	approve: decision('approve'),
	reject: decision('reject'),
	complete: decision('complete'),
	cancel: decision('cancel')
};
