import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { createUser } from '$lib/server/auth/users';
import { searchUsers, userFilterSchema } from '$lib/server/auth/user-list';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyCodeOf } from '$lib/server/auth/agency-options';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, refusal, requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const { value: filter, invalid } = parseQuery(userFilterSchema, url.searchParams);
	// The account form's drop-down: past FULL_LIST_MAX agencies the upper levels, the rest fetched.
	const [users, agencies] = await Promise.all([
		searchUsers(db, filter),
		agencyFilterChoices(db, requireUser(locals).scope, 'active', null)
	]);
	return { users, agencies: agencies.options, agenciesMore: agencies.more, filter, invalid };
};

const CreateForm = z.object({
	username: z.string().trim().min(1, 'Nhập tên đăng nhập.').max(40),
	displayName: z.string().trim().min(1, 'Nhập họ và tên.').max(200),
	email: z.string().trim().max(200).optional(),
	password: z.string().min(1, 'Nhập mật khẩu.').max(1000),
	roles: z.array(z.string()).min(1, 'Chọn ít nhất một vai trò.'),
	agency: z.number().nullable()
});

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const parsed = CreateForm.safeParse({
			username: form.get('username') ?? '',
			displayName: form.get('displayName') ?? '',
			email: form.get('email') ?? undefined,
			password: form.get('password') ?? '',
			roles: form.getAll('roles').map(String),
			agency: formId(form.get('agency'))
		});
		const username = String(form.get('username') ?? '');
		const displayName = String(form.get('displayName') ?? '');
		if (!parsed.success)
			return fail(400, {
				username,
				displayName,
				message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.'
			});
		let id: number;
		try {
			const db = await getDb();
			const { agency, ...input } = parsed.data;
			const agencyCode = agency === null ? null : await agencyCodeOf(db, agency);
			id = await createUser(db, { ...input, agencyCode }, auditFromEvent(event));
		} catch (e) {
			return refusal(e, { username, displayName });
		}
		redirect(303, `/quan-tri/nguoi-dung/${id}`);
	}
};
