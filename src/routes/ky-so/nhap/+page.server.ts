// Step 1: the upload. The file streams to the staging directory and the user goes on to check it.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listImportRuns, receiveEventUpload, stagingDir, uploadLimit } from '$lib/server/import/event-upload';
import { isAppError } from '$lib/errors';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return {
		maxBytes: uploadLimit(),
		runs: await listImportRuns(await getDb(), { userId: user.id, scope: user.scope })
	};
};

export const actions: Actions = {
	default: async (event) => {
		let token: string;
		try {
			token = (await receiveEventUpload(event.request, stagingDir(), requireUser(event.locals).id)).token;
		} catch (e) {
			if (!isAppError(e)) throw e;
			return fail(e.details?.reason === 'TOO_LARGE' ? 413 : e.status, { message: e.message });
		}
		redirect(303, `/ky-so/nhap/${token}`);
	}
};
