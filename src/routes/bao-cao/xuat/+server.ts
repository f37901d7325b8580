// Ad-hoc export of a dashboard list with its current filters:
//   GET /bao-cao/xuat?list=certificates&status=active&columns=subject_cn,not_after
// The file is archived and the export audited (src/lib/server/reports/list-export.ts).
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { exportList } from '$lib/server/reports/list-export';
import { pageError, requireUser } from '$lib/server/http/route-kit';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = async (event) => {
	const params = event.url.searchParams;
	const list = params.get('list') ?? '';
	const columns = params
		.get('columns')
		?.split(',')
		.map((c) => c.trim())
		.filter(Boolean);
	try {
		const { report, content } = await exportList(await getDb(), {
			...auditFromEvent(event),
			list,
			params,
			columns,
			scope: requireUser(event.locals).scope
		});
		return new Response(new Uint8Array(content), {
			headers: {
				'Content-Type': XLSX_TYPE,
				'Content-Disposition': `attachment; filename="${report.fileName}"`,
				'Content-Length': String(content.byteLength),
				'X-Content-SHA256': report.sha256,
				'Cache-Control': 'no-store'
			}
		});
	} catch (e) {
		pageError(e);
	}
};
