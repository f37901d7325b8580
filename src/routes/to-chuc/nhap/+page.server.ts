import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';
import {
	checkXlsxSize,
	maxXlsxBytes,
	templateFileName,
	type ImportKind
} from '$lib/server/organisation-import';
import { listImportBatches, stageImport } from '$lib/server/organisation-import/batches';

export const load: PageServerLoad = async () => ({
	batches: await listImportBatches(await getDb()),
	maxMb: Math.round(maxXlsxBytes() / 1024 / 1024),
	templates: {
		organisation: `/to-chuc/nhap/mau/${templateFileName('organisation')}`,
		subscribers: `/to-chuc/nhap/mau/${templateFileName('subscribers')}`
	}
});

async function upload(event: RequestEvent, kind: ImportKind) {
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return fail(413, { kind, message: 'Không đọc được dữ liệu tải lên (tệp quá lớn hoặc bị ngắt).' });
	}
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0)
		return fail(400, { kind, message: 'Chọn một tệp .xlsx để tải lên.' });
	let id: number;
	try {
		// The size decides before the content is read into memory.
		checkXlsxSize(file.size);
		const bytes = new Uint8Array(await file.arrayBuffer());
		id = await stageImport(await getDb(), kind, { name: file.name, bytes }, auditFromEvent(event));
	} catch (e) {
		if (isAppError(e)) return fail(e.status, { kind, message: e.message });
		throw e;
	}
	redirect(303, `/to-chuc/nhap/${id}`);
}

export const actions: Actions = {
	organisation: (event) => upload(event, 'organisation'),
	subscribers: (event) => upload(event, 'subscribers')
};
