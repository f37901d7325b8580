// The result of one import run: its counts, its first rejected rows, the workbook of all of them.
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { firstRejectedRows, getImportRun } from '$lib/server/import/event-upload';
import { found, idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy lần nhập này.';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = idParam(params.id, NOT_FOUND);
	const user = requireUser(locals);
	const db = await getDb();
	const run = found(await getImportRun(db, id, { userId: user.id, scope: user.scope }), NOT_FOUND);
	return { run, rejections: run.rejected ? await firstRejectedRows(db, run.id) : [] };
};
