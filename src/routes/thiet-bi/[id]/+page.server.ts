import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getTokenDetail } from '$lib/server/inventory/tokens';
import { custodyForm } from '$lib/server/organisation/custody-page';
import { returnDeadlines } from '$lib/server/organisation/return-deadline';
import { custodyInputSchema, recordCustodyEvent } from '$lib/server/organisation/custody';
import { auditFromEvent } from '$lib/server/audit/log';
import { idParam, refusal, requireUser } from '$lib/server/http/route-kit';
import { queryId } from '$lib/server/http/query-values';

const idOf = (param: string) => idParam(param, 'Không tìm thấy thiết bị.');

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = idOf(params.id);
	const db = await getDb();
	const detail = await getTokenDetail(db, requireUser(locals).scope, id);
	if (!detail) error(404, { message: 'Không tìm thấy thiết bị.' });
	const [form, deadlines] = await Promise.all([
		custodyForm(db, requireUser(locals), detail.token, queryId(url.searchParams.get('nhan')) ?? null),
		returnDeadlines(db, id, detail.custody)
	]);
	return { ...detail, custodyForm: form, returnDeadlines: Object.fromEntries(deadlines) };
};

export const actions: Actions = {
	record: async (event) => {
		const id = idOf(event.params.id);
		const form = await event.request.formData();
		const values = {
			event: String(form.get('event') ?? ''),
			occurredAt: String(form.get('occurredAt') ?? ''),
			toPersonId: String(form.get('toPersonId') ?? ''),
			otherAgency: form.get('otherAgency') === 'on',
			reason: String(form.get('reason') ?? ''),
			recordNumber: String(form.get('recordNumber') ?? ''),
			note: String(form.get('note') ?? '')
		};
		const parsed = custodyInputSchema.safeParse(values);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return fail(400, {
				message: issue?.message ?? 'Dữ liệu không hợp lệ.',
				field: String(issue?.path[0] ?? ''),
				values
			});
		}
		try {
			await recordCustodyEvent(
				await getDb(),
				requireUser(event.locals),
				id,
				parsed.data,
				auditFromEvent(event)
			);
		} catch (e) {
			return refusal(e, { values });
		}
		redirect(303, `/thiet-bi/${id}?ghi-nhan=1`);
	}
};
