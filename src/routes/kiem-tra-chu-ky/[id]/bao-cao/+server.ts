// A stored upload verification as a report file: ?dang=html (default) or xml (ETSI TS 119 102-2).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { uploadVerificationReport } from '$lib/server/verification/stored-upload-replay';
import { NOT_VISIBLE } from '$lib/server/verification/stored-uploads';
import { auditFromEvent } from '$lib/server/audit/log';
import { idParam, pageError, requireUser } from '$lib/server/http/route-kit';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, NOT_VISIBLE);
	const format = event.url.searchParams.get('dang') ?? 'html';
	if (format !== 'html' && format !== 'xml')
		error(400, { message: 'Định dạng báo cáo phải là html hoặc xml.' });
	try {
		const r = await uploadVerificationReport(
			await getDb(),
			requireUser(event.locals),
			id,
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
