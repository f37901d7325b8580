// The progress of an upload's import, polled by its page: rows read so far, the total, the run.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { loadStaged, stagingDir, uploadProgress } from '$lib/server/import/event-upload';
import { pageError, requireUser } from '$lib/server/http/route-kit';

export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const upload = await loadStaged(stagingDir(), params.tep, requireUser(locals).id);
		return json(await uploadProgress(await getDb(), upload), { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		pageError(e);
	}
};
