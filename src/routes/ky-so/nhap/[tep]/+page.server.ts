// Steps 2 and 3 of an upload: the preview (encoding, sheet, mapping and first rows, re-read from the
// query string whenever the user changes a choice), then the import, whose progress this page shows
// until the run is done and the result page takes over.
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import {
	discardStaged,
	loadStaged,
	previewUpload,
	readSettings,
	stagingDir,
	startUploadImport,
	uploadProgress
} from '$lib/server/import/event-upload';
import { isAppError } from '$lib/errors';
import { pageError, refusal, requireUser } from '$lib/server/http/route-kit';

async function staged(token: string, userId: number) {
	try {
		return await loadStaged(stagingDir(), token, userId);
	} catch (e) {
		pageError(e);
	}
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = await getDb();
	const upload = await staged(params.tep, requireUser(locals).id);
	if (upload.run) {
		const progress = await uploadProgress(db, upload);
		if (progress.status === 'done' && progress.runId) redirect(303, `/ky-so/nhap/lan/${progress.runId}`);
		return { token: upload.token, fileName: upload.fileName, progress, preview: null };
	}
	try {
		return {
			token: upload.token,
			fileName: upload.fileName,
			progress: null,
			preview: await previewUpload(db, stagingDir(), upload, readSettings(url.searchParams))
		};
	} catch (e) {
		if (isAppError(e)) error(e.status === 404 ? 404 : 400, { message: e.message });
		throw e;
	}
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event.locals);
		const upload = await staged(event.params.tep, user.id);
		const settings = readSettings(await event.request.formData());
		try {
			// Not awaited: the import runs on while the page shows its progress.
			const { done } = await startUploadImport(await getDb(), stagingDir(), upload, settings, {
				who: auditFromEvent(event),
				scope: user.scope
			});
			done.catch(() => undefined);
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/ky-so/nhap/${upload.token}`);
	},
	discard: async (event) => {
		const upload = await staged(event.params.tep, requireUser(event.locals).id);
		if (!upload.run || upload.run.status !== 'running') await discardStaged(stagingDir(), upload.token);
		redirect(303, '/ky-so/nhap');
	}
};
