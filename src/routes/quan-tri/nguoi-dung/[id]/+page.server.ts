import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	getUser,
	setUserActive,
	setUserPassword,
	signOutEverywhere,
	updateUser
} from '$lib/server/auth/users';
import { listSessions } from '$lib/server/auth/sessions';
import { agencyCodeOf, agencyOptions, isActiveAgency } from '$lib/server/auth/agency-options';
import { trimAgencyOptions } from '$lib/server/inventory/agency-choices';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, found, idParam, refusal } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy người dùng.';
const userId = (params: { id: string }) => idParam(params.id, NOT_FOUND);

export const load: PageServerLoad = async ({ params }) => {
	const db = await getDb();
	const id = userId(params);
	const [user, sessions] = await Promise.all([getUser(db, id), listSessions(db, id)]);
	const existing = found(user, NOT_FOUND);
	const agencies = await agencyOptions(db, { keep: existing.agencyCode });
	// Past FULL_LIST_MAX the form carries the upper levels and the user's agency, the rest fetched;
	// an ended agency kept for this user is not in the fetched (active) list, so then the list stays whole.
	const keptEnded = existing.agencyId !== null && !(await isActiveAgency(db, existing.agencyId));
	const choices = keptEnded
		? { options: agencies, more: null }
		: trimAgencyOptions(agencies, 'active', existing.agencyId);
	return { user: existing, sessions, agencies: choices.options, agenciesMore: choices.more };
};

const UpdateForm = z.object({
	displayName: z.string().trim().min(1, 'Nhập họ và tên.').max(200),
	email: z.string().trim().max(200).optional(),
	roles: z.array(z.string()).min(1, 'Chọn ít nhất một vai trò.'),
	agency: z.number().nullable()
});

/** Runs a service call; an AppError becomes a fail() with its Vietnamese message, success a redirect. */
async function run(event: RequestEvent<{ id: string }>, fn: (id: number) => Promise<unknown>, done: string) {
	const id = userId(event.params);
	try {
		await fn(id);
	} catch (e) {
		return refusal(e);
	}
	redirect(303, `/quan-tri/nguoi-dung/${id}?ok=${done}`);
}

export const actions: Actions = {
	update: async (event) => {
		const form = await event.request.formData();
		const parsed = UpdateForm.safeParse({
			displayName: form.get('displayName') ?? '',
			email: form.get('email') ?? undefined,
			roles: form.getAll('roles').map(String),
			agency: formId(form.get('agency'))
		});
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		const db = await getDb();
		const { agency, ...input } = parsed.data;
		return run(
			event,
			async (id) =>
				updateUser(
					db,
					id,
					{ ...input, agencyCode: agency === null ? null : await agencyCodeOf(db, agency) },
					auditFromEvent(event)
				),
			'update'
		);
	},
	setActive: async (event) => {
		const form = await event.request.formData();
		const active = form.get('active') === 'true';
		const db = await getDb();
		return run(
			event,
			(id) => setUserActive(db, id, active, auditFromEvent(event)),
			active ? 'enable' : 'disable'
		);
	},
	resetPassword: async (event) => {
		const form = await event.request.formData();
		const password = String(form.get('password') ?? '');
		if (!password) return fail(400, { message: 'Nhập mật khẩu mới.' });
		const db = await getDb();
		return run(event, (id) => setUserPassword(db, id, password, auditFromEvent(event)), 'password');
	},
	signOutAll: async (event) => {
		const db = await getDb();
		return run(event, (id) => signOutEverywhere(db, id, auditFromEvent(event)), 'signout');
	}
};
