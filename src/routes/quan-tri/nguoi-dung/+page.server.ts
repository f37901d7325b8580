import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { createUser } from '$lib/server/auth/users';
import { searchUsers, userFilterSchema } from '$lib/server/auth/user-list';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyOptions } from '$lib/server/auth/agency-options';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const { value: filter, invalid } = parseQuery(userFilterSchema, url.searchParams);
	const [users, agencies] = await Promise.all([searchUsers(db, filter), agencyOptions(db)]);
	return { users, agencies, filter, invalid };
};

const CreateForm = z.object({
	username: z.string().trim().min(1, 'Nhập tên đăng nhập.').max(40),
	displayName: z.string().trim().min(1, 'Nhập họ và tên.').max(200),
	email: z.string().trim().max(200).optional(),
	password: z.string().min(1, 'Nhập mật khẩu.').max(1000),
	roles: z.array(z.string()).min(1, 'Chọn ít nhất một vai trò.'),
	agencyCode: z.string().trim().max(50).optional()
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
			agencyCode: form.get('agencyCode') || undefined
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
			id = await createUser(await getDb(), parsed.data, auditFromEvent(event));
		} catch (e) {
			return refusal(e, { username, displayName });
		}
		redirect(303, `/quan-tri/nguoi-dung/${id}`);
	}
};
