// The rejected rows of an import run as a workbook (original columns, "Dòng", "Lý do"), streamed.
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { recordAudit, auditFromEvent } from '$lib/server/audit/log';
import { getImportRun, rejectedWorkbookName, rejectedWorkbookStream } from '$lib/server/import/event-upload';
import { found, idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy lần nhập này.';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, NOT_FOUND);
	const user = requireUser(event.locals);
	const db = await getDb();
	const run = found(await getImportRun(db, id, { userId: user.id, scope: user.scope }), NOT_FOUND);
	await recordAudit(db, {
		...auditFromEvent(event),
		action: 'signing_event.rejections_download',
		entityType: 'import_runs',
		entityId: run.id,
		details: { rejected: run.rejected }
	});
	return new Response(rejectedWorkbookStream(db, run.id), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': `attachment; filename="${rejectedWorkbookName(run.id)}"`,
			'Cache-Control': 'no-store'
		}
	});
};
