// A stored verification of an archived document as a report file: ?dang=html (default) or xml (ETSI TS
// 119 102-2), ?lan=<verification id> (default: the latest).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { archivedVerificationReport } from '$lib/server/document-archive/verification-report';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, idParam, pageError, requireUser } from '$lib/server/http/route-kit';
import { reportFileResponse, reportFormatParam } from '$lib/server/http/report-file';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, 'Không tìm thấy văn bản lưu trữ.');
	const format = reportFormatParam(event.url);
	const lan = event.url.searchParams.get('lan');
	const verificationId = lan === null ? null : formId(lan);
	if (lan !== null && verificationId === null) error(400, { message: 'Số lần kiểm tra không hợp lệ.' });
	try {
		return reportFileResponse(
			await archivedVerificationReport(
				await getDb(),
				requireUser(event.locals),
				id,
				verificationId,
				format,
				auditFromEvent(event)
			)
		);
	} catch (e) {
		pageError(e);
	}
};
