// A stored verification of an archived document as a report file: ?dang=html (default) or xml (ETSI TS
// 119 102-2), ?lan=<verification id> (default: the latest).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { archivedVerificationReport } from '$lib/server/document-archive/verification-report';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, idParam, pageError, requireUser } from '$lib/server/http/route-kit';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, 'Không tìm thấy văn bản lưu trữ.');
	const format = event.url.searchParams.get('dang') ?? 'html';
	if (format !== 'html' && format !== 'xml')
		error(400, { message: 'Định dạng báo cáo phải là html hoặc xml.' });
	const lan = event.url.searchParams.get('lan');
	const verificationId = lan === null ? null : formId(lan);
	if (lan !== null && verificationId === null) error(400, { message: 'Số lần kiểm tra không hợp lệ.' });
	try {
		const r = await archivedVerificationReport(
			await getDb(),
			requireUser(event.locals),
			id,
			verificationId,
			format,
			auditFromEvent(event)
		);
		return new Response(r.body, {
			headers: {
				'Content-Type': r.contentType,
				'Content-Disposition': `attachment; filename="${r.fileName}"`,
				'Cache-Control': 'private, no-store',
				// A standalone page opened from disk or the browser: no scripts, nothing fetched.
				'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'"
			}
		});
	} catch (e) {
		pageError(e);
	}
};
