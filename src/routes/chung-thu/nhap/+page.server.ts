import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { MAX_IMPORT_BYTES, MAX_IMPORT_FILES, stageCertificateImport } from '$lib/server/import/batches';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async () => ({ maxBytes: MAX_IMPORT_BYTES, maxFiles: MAX_IMPORT_FILES });

export const actions: Actions = {
	preview: async (event) => {
		const { request } = event;
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			return fail(400, { message: 'Không đọc được dữ liệu tải lên (tệp quá lớn hoặc bị ngắt).' });
		}
		const files = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
		let batchId: number;
		try {
			const inputs = await Promise.all(
				files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))
			);
			batchId = await stageCertificateImport(await getDb(), inputs, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/chung-thu/nhap/${batchId}`);
	}
};
