// A generated report, byte for byte as archived; every download is written to the audit log.
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent, recordAudit } from '$lib/server/audit/log';
import { getReportContent } from '$lib/server/reports/report-archive';
import { listsHiddenFrom } from '$lib/server/reports/export-access';
import { found, idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy báo cáo.';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, NOT_FOUND);
	const db = await getDb();
	const user = requireUser(event.locals);
	// An export of a list the user may not export (the users, the audit log) is not theirs to download.
	const file = found(await getReportContent(db, user.scope, id, listsHiddenFrom(user.roles)), NOT_FOUND);
	await recordAudit(db, {
		...auditFromEvent(event),
		action: 'report.download',
		entityType: 'generated_report',
		entityId: id,
		details: { kind: file.report.kind, file: file.report.fileName, sha256: file.report.sha256 }
	});
	return new Response(Buffer.from(file.content), {
		headers: {
			'Content-Type': XLSX_TYPE,
			'Content-Disposition': `attachment; filename="${file.report.fileName}"`,
			'Content-Length': String(file.content.byteLength),
			'X-Content-SHA256': file.report.sha256,
			'Cache-Control': 'no-store'
		}
	});
};
