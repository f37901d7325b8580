import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { importEventUpload, MAX_EVENT_UPLOAD_BYTES } from '$lib/server/import/event-upload';
import { isAppError } from '$lib/errors';

export const load: PageServerLoad = async () => ({ maxBytes: MAX_EVENT_UPLOAD_BYTES });

export const actions: Actions = {
	default: async (event) => {
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch {
			return fail(400, { message: 'Không đọc được dữ liệu tải lên (tệp quá lớn hoặc bị ngắt).' });
		}
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { message: 'Chưa chọn tệp hoặc tệp rỗng.' });
		try {
			const result = await importEventUpload(
				await getDb(),
				{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
				auditFromEvent(event)
			);
			if (result.errors.length) return fail(422, { fileName: file.name, result });
			return { fileName: file.name, result };
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message, fileName: file.name });
			throw e;
		}
	}
};
