import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import {
	decideRequest,
	getRequest,
	dueWorkingDays,
	type RequestDecision
} from '$lib/server/requests/service';
import { changeDefaults, completionSchema, CHANGE_FIELDS } from '$lib/server/requests/completion';
import { auditFromEvent } from '$lib/server/audit/log';
import { can } from '$lib/server/auth/can';
import { found, idParam, refusal, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy yêu cầu (hoặc yêu cầu không thuộc phạm vi của bạn).';
const idOf = (param: string) => idParam(param, 'Không tìm thấy yêu cầu.');

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = await getDb();
	const request = found(await getRequest(db, requireUser(locals), idOf(params.id)), NOT_FOUND);
	const user = locals.user;
	return {
		request,
		changeFields: [...CHANGE_FIELDS],
		changeDefaults: request.kind === 'change' ? await changeDefaults(db, request.certificateId) : {},
		dueDays: await dueWorkingDays(db, request.kind),
		may: {
			accept: can(user, '/yeu-cau/[id]', 'accept'),
			approve: can(user, '/yeu-cau/[id]', 'approve'),
			reject: can(user, '/yeu-cau/[id]', 'reject'),
			complete: can(user, '/yeu-cau/[id]', 'complete'),
			cancel: can(user, '/yeu-cau/[id]', 'cancel')
		}
	};
};

function decision(kind: RequestDecision) {
	return async (event: RequestEvent) => {
		const id = idOf(event.params.id);
		const reason = String((await event.request.formData()).get('reason') ?? '');
		try {
			await decideRequest(await getDb(), requireUser(event.locals), id, kind, reason, auditFromEvent(event));
		} catch (e) {
			return refusal(e, { reason });
		}
		redirect(303, `/yeu-cau/${id}`);
	};
}

/** Completing changes the inventory: the form names the certificates and the changed information. */
async function complete(event: RequestEvent) {
	const id = idOf(event.params.id);
	const form = await event.request.formData();
	const reason = String(form.get('reason') ?? '');
	const fields = form.getAll('changeField').map(String);
	const befores = form.getAll('changeBefore').map(String);
	const afters = form.getAll('changeAfter').map(String);
	const values = {
		certificate: String(form.get('certificate') ?? ''),
		newCertificate: String(form.get('newCertificate') ?? ''),
		changes: fields
			.map((field, i) => ({ field, before: befores[i] ?? '', after: afters[i] ?? '' }))
			.filter((c) => c.field && c.after.trim())
	};
	const parsed = completionSchema.safeParse(values);
	if (!parsed.success)
		return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.', reason, values });
	try {
		await decideRequest(
			await getDb(),
			requireUser(event.locals),
			id,
			'complete',
			reason,
			auditFromEvent(event),
			new Date(),
			parsed.data
		);
	} catch (e) {
		return refusal(e, { reason, values });
	}
	redirect(303, `/yeu-cau/${id}`);
}

export const actions: Actions = {
	accept: decision('accept'),
	approve: decision('approve'),
	reject: decision('reject'),
	complete,
	cancel: decision('cancel')
};
