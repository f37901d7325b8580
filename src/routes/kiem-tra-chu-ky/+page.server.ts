import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	MAX_VERIFY_UPLOAD_BYTES,
	parseValidationTimeInput,
	verifyUploadedFile,
	type UploadedFile
} from '$lib/server/verification/upload';
import { recordAudit, auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async () => ({ maxBytes: MAX_VERIFY_UPLOAD_BYTES });

async function fileField(form: FormData, name: string): Promise<UploadedFile | null> {
	const value = form.get(name);
	if (!(value instanceof File) || value.size === 0) return null;
	return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

export const actions: Actions = {
	default: async (event) => {
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch {
			return fail(400, { message: 'Không đọc được dữ liệu tải lên (tệp quá lớn hoặc bị ngắt).' });
		}
		const db = await getDb();
		const validationTime = String(form.get('validationTime') ?? '');
		try {
			const now = new Date();
			const result = await verifyUploadedFile(
				db,
				await fileField(form, 'file'),
				await fileField(form, 'content'),
				now,
				parseValidationTimeInput(validationTime, now)
			);
			await recordAudit(db, {
				...auditFromEvent(event),
				action: 'signature.verify_upload',
				entityType: 'file',
				entityId: result.sha256,
				details: {
					fileName: result.fileName,
					indication: result.report.indication,
					subIndication: result.report.subIndication,
					validationTime: result.validationTime,
					validationTimeChosen: result.validationTimeChosen
				}
			});
			return { result };
		} catch (e) {
			return refusal(e, { validationTime });
		}
	}
};
