import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { assignableUsers, getFinding } from '$lib/server/findings/queries';
import {
	acknowledgeFinding,
	assignFinding,
	reopenFinding,
	resolveFinding
} from '$lib/server/findings/actions';
import { isAppError, userMessage } from '$lib/errors';

function findingId(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy cảnh báo.' });
	return id;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = await getDb();
	const detail = await getFinding(db, locals.user!.scope, findingId(params.id));
	if (!detail) error(404, { message: 'Không tìm thấy cảnh báo.' });
	const roles = locals.user!.roles;
	const manage = roles.includes('admin') || roles.includes('inspector');
	return {
		...detail,
		canManage: manage,
		canAcknowledge: manage || roles.includes('agency_officer'),
		users: manage ? await assignableUsers(db) : []
	};
};

const Note = z.object({ note: z.string().max(2000).optional().default('') });
const Assign = z.object({ assignee: z.string().regex(/^\d*$/, 'Người được giao không hợp lệ.') });
const Resolve = z.object({
	note: z.string().trim().min(1, 'Vui lòng ghi rõ cách xử lý trước khi đóng cảnh báo.').max(2000)
});

async function perform(fn: () => Promise<void>, id: number) {
	try {
		await fn();
	} catch (e) {
		return fail(isAppError(e) ? e.status : 500, { message: userMessage(e) });
	}
	redirect(303, `/canh-bao/${id}`);
}

export const actions: Actions = {
	acknowledge: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Note.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Ghi chú quá dài.' });
		return perform(
			async () =>
				acknowledgeFinding(await getDb(), locals.user!, id, parsed.data.note || null, getClientAddress()),
			id
		);
	},
	assign: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Assign.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		const assignee = parsed.data.assignee ? Number(parsed.data.assignee) : null;
		return perform(
			async () => assignFinding(await getDb(), locals.user!, id, assignee, getClientAddress()),
			id
		);
	},
	resolve: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Resolve.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		return perform(
			async () => resolveFinding(await getDb(), locals.user!, id, parsed.data.note, getClientAddress()),
			id
		);
	},
	reopen: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Note.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Ghi chú quá dài.' });
		return perform(
			async () =>
				reopenFinding(await getDb(), locals.user!, id, parsed.data.note || null, getClientAddress()),
			id
		);
	}
};
