// A stored upload verification as a report file: ?dang=html (default) or xml (ETSI TS 119 102-2).
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { uploadVerificationReport } from '$lib/server/verification/stored-upload-replay';
import { NOT_VISIBLE } from '$lib/server/verification/stored-uploads';
import { auditFromEvent } from '$lib/server/audit/log';
import { idParam, pageError, requireUser } from '$lib/server/http/route-kit';
import { reportFileResponse, reportFormatParam } from '$lib/server/http/report-file';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, NOT_VISIBLE);
	const format = reportFormatParam(event.url);
	try {
		return reportFileResponse(
			await uploadVerificationReport(
				await getDb(),
				requireUser(event.locals),
				id,
				format,
				auditFromEvent(event)
			)
		);
	} catch (e) {
		pageError(e);
	}
};
