// The overview's figures as an Excel workbook, for the same period, agency and scope as the page:
//   GET /tong-quan/xuat?ky=q3-2026&agency=12
// Written by exceljs's streaming writer straight into the response (src/lib/server/overview/workbook.ts).
import { PassThrough, Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent, recordAudit } from '$lib/server/audit/log';
import { loadOverview } from '$lib/server/overview/overview';
import { overviewScopeName, writeOverviewWorkbook } from '$lib/server/overview/workbook';
import { logger } from '$lib/server/logging/logger';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = async (event) => {
	const db = await getDb();
	const now = new Date();
	const overview = await loadOverview(db, event.locals.user!.scope, event.url.searchParams, now);
	const scopeName = await overviewScopeName(db, event.locals.user!.scope, overview.filter.agency);
	await recordAudit(db, {
		...auditFromEvent(event),
		action: 'report.export',
		entityType: 'overview',
		details: { period: overview.period.elapsed, agency: overview.filter.agency }
	});
	const body = new PassThrough();
	writeOverviewWorkbook(body, overview, scopeName, now).catch((e: unknown) => {
		logger.warn({ err: e }, 'overview export failed');
		body.destroy(e instanceof Error ? e : new Error(String(e)));
	});
	const label = overview.filter.ky || `${overview.filter.from}_${overview.filter.to}`;
	return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
		headers: {
			'Content-Type': XLSX_TYPE,
			'Content-Disposition': `attachment; filename="tong-quan-${label}.xlsx"`,
			'Cache-Control': 'no-store'
		}
	});
};
