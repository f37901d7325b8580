// Ad-hoc export of a registered list (lists.ts): pages are fetched one ahead of the writer, so
// the database and the workbook writer work at the same time, and the workbook streams to a
// temporary file; the finished file is archived (kind 'ad_hoc') and the export audited.
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import { streamListExport } from '../../reports/list-workbook';
import type { CellInput } from '../../reports/cells';
import { vietnamDay } from '../../time/vietnam';
import { EXPORT_LISTS, type ExportList } from './lists';
import { storeReport, type StoredReport } from './report-archive';
import type { ReportRequester } from './generate';

/** Rows per page for lists that do not choose. */
export const EXPORT_BATCH = 5000;

export function findList(name: string | null): ExportList {
	const list = name ? EXPORT_LISTS[name] : undefined;
	if (!list) throw new AppError('NOT_FOUND', `Không có danh sách "${name ?? ''}" để xuất Excel.`);
	return list;
}

/** The list's pages in order, fetching the next page while the current one is written. */
export async function* listPages(
	db: Kysely<Database>,
	scope: AgencyScope,
	list: ExportList,
	filters: unknown,
	batch = list.pageSize ?? EXPORT_BATCH
): AsyncGenerator<Record<string, CellInput>[]> {
	let pending = list.page(db, scope, filters, null, batch);
	for (;;) {
		const page = await pending;
		if (page.next !== null) {
			pending = list.page(db, scope, filters, page.next, batch);
			// Should the writer stop before taking this page, its failure must not go unhandled.
			pending.catch(() => undefined);
		}
		yield page.rows;
		if (page.next === null) return;
	}
}

/** The list's rows in order, one at a time (for callers that want rows, not pages). */
export async function* listRows(
	db: Kysely<Database>,
	scope: AgencyScope,
	list: ExportList,
	filters: unknown,
	batch = list.pageSize ?? EXPORT_BATCH
): AsyncGenerator<Record<string, CellInput>> {
	for await (const page of listPages(db, scope, list, filters, batch)) yield* page;
}

export interface ListExportRequest {
	list: string;
	params: URLSearchParams;
	/** Column keys to keep, in the list's order; all when absent or none match. */
	columns?: string[];
	scope: AgencyScope;
	now?: Date;
}

/** Writes the workbook of a list to `out`; resolves with the row count and the columns written. */
export async function writeListExport(db: Kysely<Database>, req: ListExportRequest, out: Writable) {
	const list = findList(req.list);
	const filters = list.parseFilters(req.params);
	const wanted = new Set(req.columns ?? []);
	const chosen = list.columns.filter((c) => wanted.has(c.key));
	const columns = chosen.length ? chosen : list.columns;
	const rows = await streamListExport(
		out,
		{
			title: list.title,
			filterLines: list.describeFilters(filters),
			columns,
			issuedOn: req.now ?? new Date()
		},
		listPages(db, req.scope, list, filters)
	);
	return { list, filters, rows, columns: columns.map((c) => c.key) };
}

/** Exports a list, keeps the file in the archive and audits it; returns the archived report and its bytes. */
export async function exportList(
	db: Kysely<Database>,
	req: ListExportRequest & ReportRequester
): Promise<{ report: StoredReport; content: Buffer }> {
	const dir = await mkdtemp(path.join(tmpdir(), 'kiemky-export-'));
	try {
		const file = path.join(dir, 'export.xlsx');
		const out = createWriteStream(file);
		const done = finished(out);
		// Should the writer fail first, the stream's own failure must not go unhandled.
		done.catch(() => undefined);
		const result = await writeListExport(db, req, out);
		await done;
		const content = await readFile(file);
		const report = await storeReport(db, {
			kind: 'ad_hoc',
			period: vietnamDay(req.now ?? new Date()),
			agencyId: req.scope.kind === 'subtree' ? req.scope.agencyId : null,
			parameters: { list: req.list, filters: result.filters, columns: result.columns, rows: result.rows },
			fileName: `${req.list}-${vietnamDay(req.now ?? new Date())}.xlsx`,
			content,
			createdBy: req.userId ?? null,
			jobRunId: req.jobRunId ?? null
		});
		await recordAudit(db, {
			userId: req.userId ?? null,
			actor: req.actor ?? 'system',
			ip: req.ip ?? null,
			action: 'report.export',
			entityType: 'generated_report',
			entityId: report.id,
			details: { list: req.list, rows: result.rows, sha256: report.sha256 }
		});
		return { report, content };
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
