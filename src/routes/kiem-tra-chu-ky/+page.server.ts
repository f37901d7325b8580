import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	MAX_VERIFY_UPLOAD_BYTES,
	parseValidationTimeInput,
	type UploadedFile
} from '$lib/server/verification/upload';
import { listUploadVerifications, verifyAndStoreUpload } from '$lib/server/verification/stored-uploads';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal, requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	maxBytes: MAX_VERIFY_UPLOAD_BYTES,
	// The verifications kept from this page and the CLI that this user may open again.
	stored: await listUploadVerifications(await getDb(), requireUser(locals))
});

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
			const user = requireUser(event.locals);
			const now = new Date();
			// Kept with its files and validation material, and audited, so it can be opened again later.
			const result = await verifyAndStoreUpload(
				db,
				{ origin: 'web', userId: user.id, agencyId: user.agencyId, who: auditFromEvent(event) },
				await fileField(form, 'file'),
				await fileField(form, 'content'),
				now,
				parseValidationTimeInput(validationTime, now)
			);
			return { result };
		} catch (e) {
			return refusal(e, { validationTime });
		}
	}
};
