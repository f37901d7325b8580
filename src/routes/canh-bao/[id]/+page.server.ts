import { fail, redirect } from '@sveltejs/kit';
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
import { can } from '$lib/server/auth/can';
import { found, idParam, refusal, requireUser } from '$lib/server/http/route-kit';
import { hasPagePicture, pagePictureProblem } from '$lib/server/findings/appearance-page';
import { appearanceBox } from '$lib/server/document-archive/appearance-findings';

const NOT_FOUND = 'Không tìm thấy cảnh báo.';
const findingId = (raw: string) => idParam(raw, NOT_FOUND);

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = await getDb();
	const detail = found(await getFinding(db, requireUser(locals).scope, findingId(params.id)), NOT_FOUND);
	const user = locals.user;
	const may = {
		acknowledge: can(user, '/canh-bao/[id]', 'acknowledge'),
		assign: can(user, '/canh-bao/[id]', 'assign'),
		resolve: can(user, '/canh-bao/[id]', 'resolve'),
		reopen: can(user, '/canh-bao/[id]', 'reopen')
	};
	// A Điều 13 finding shows its page with the signature box drawn; when the server cannot draw it, it says why.
	const f = detail.finding;
	const picture = hasPagePicture(f.kind, f.evidence)
		? {
				url: `/canh-bao/${f.id}/trang.png`,
				page: appearanceBox(f.evidence)?.page ?? 1,
				problem: await pagePictureProblem()
			}
		: null;
	return { ...detail, may, picture, users: may.assign ? await assignableUsers(db) : [] };
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
		// Only an AppError is a refusal; anything else is a bug or an outage for handleError.
		return refusal(e);
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
				acknowledgeFinding(
					await getDb(),
					requireUser(locals),
					id,
					parsed.data.note || null,
					getClientAddress()
				),
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
			async () => assignFinding(await getDb(), requireUser(locals), id, assignee, getClientAddress()),
			id
		);
	},
	resolve: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Resolve.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		return perform(
			async () =>
				resolveFinding(await getDb(), requireUser(locals), id, parsed.data.note, getClientAddress()),
			id
		);
	},
	reopen: async ({ request, params, locals, getClientAddress }) => {
		const id = findingId(params.id);
		const parsed = Note.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Ghi chú quá dài.' });
		return perform(
			async () =>
				reopenFinding(await getDb(), requireUser(locals), id, parsed.data.note || null, getClientAddress()),
			id
		);
	}
};
