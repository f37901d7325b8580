// /luu-tru/nhap: an inspector files a signed document into the archive by hand, through the same
// intake as POST /api/v1/documents; on success, the new document's page with its verdict.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { MANUAL_SOURCE_SYSTEM, MAX_INTAKE_BYTES } from '$lib/server/document-archive/intake';
import { intakeFormValues, intakeUpload } from '$lib/server/document-archive/intake-upload';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';
import { formatDateTimeInput } from '$lib/i18n/date-time-input';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals }) => ({
	agencies: await agencyOptions(await getDb(), requireUser(locals).scope),
	defaults: { sourceSystem: MANUAL_SOURCE_SYSTEM, receivedAt: formatDateTimeInput(new Date()) },
	maxBytes: MAX_INTAKE_BYTES
});

// The intake names the API's fields; the form calls the time field received_at.
const formField = (field: unknown): string | undefined =>
	field === 'received_or_issued_at' ? 'received_at' : typeof field === 'string' ? field : undefined;

export const actions: Actions = {
	default: async (event) => {
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch {
			return fail(400, { message: 'Không đọc được dữ liệu tải lên (tệp quá lớn hoặc bị ngắt).' });
		}
		let target: string;
		try {
			const r = await intakeUpload(await getDb(), requireUser(event.locals), auditFromEvent(event), form);
			target = `/luu-tru/${r.id}?tiep-nhan=${r.alreadyPresent ? 'da-co' : 'moi'}`;
		} catch (e) {
			if (!isAppError(e)) throw e;
			return fail(e.status, {
				message: e.message,
				field: formField(e.details?.field),
				values: intakeFormValues(form)
			});
		}
		redirect(303, target);
	}
};
