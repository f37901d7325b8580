// Ad-hoc export of a dashboard list with its current filters:
//   GET /bao-cao/xuat?list=certificates&status=active&columns=subject_cn,not_after
// The workbook streams to the response as it is written; the response ends once the file is
// archived and the export audited (src/lib/server/reports/ad-hoc-export.ts). Its size and SHA-256
// are known only at the end: they are in the report archive (/bao-cao).
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { listExportResponseBody, startListExport } from '$lib/server/reports/ad-hoc-export';
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
		const user = requireUser(event.locals);
		const exp = startListExport(await getDb(), {
			...auditFromEvent(event),
			list,
			params,
			columns,
			scope: user.scope,
			roles: user.roles
		});
		return new Response(listExportResponseBody(exp), {
			headers: {
				'Content-Type': XLSX_TYPE,
				'Content-Disposition': `attachment; filename="${exp.fileName}"`,
				'Cache-Control': 'no-store'
			}
		});
	} catch (e) {
		pageError(e);
	}
};
