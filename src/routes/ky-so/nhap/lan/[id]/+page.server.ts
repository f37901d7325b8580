// The result of one import run: its counts, its first rejected rows, the workbook of all of them.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { firstRejectedRows, getImportRun } from '$lib/server/import/event-upload';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.id);
	const user = locals.user!;
	const db = await getDb();
	const run =
		Number.isInteger(id) && id > 0
			? await getImportRun(db, id, { userId: user.id, scope: user.scope })
			: null;
	if (!run) error(404, { message: 'Không tìm thấy lần nhập này.' });
	return { run, rejections: run.rejected ? await firstRejectedRows(db, run.id) : [] };
};
