// Ad-hoc export of a registered list (lists.ts): pages are fetched one ahead of the writer, so
// the database and the workbook writer work at the same time, and the workbook streams to the
// response as it is written while the same bytes are kept for the archive (kind 'ad_hoc'): no
// temporary file, nothing read back. The response ends only once the file is archived and the
// export audited; should either fail, the download fails with it rather than leave an export
// that the archive does not know.
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope, Role } from '../auth/roles';
import { mayExport } from './export-access';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import { streamListExport } from '../../reports/list-workbook';
import type { CellInput } from '../../reports/cells';
import { vietnamDay } from '../../time/vietnam';
import { EXPORT_LISTS, type ExportList } from './lists';
import { storeReport, type StoredReport } from './report-archive';
import { logger } from '../logging/logger';
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
	/** The requester's roles: a list mirroring a restricted page (`route`) is refused without them. */
	roles?: readonly Role[];
	now?: Date;
}

/** The list, its filters and columns: checked before a byte is written, so bad input is a 4xx. */
function prepareListExport(req: ListExportRequest) {
	const list = findList(req.list);
	if (!mayExport(list, req.roles))
		throw new AppError('FORBIDDEN', 'Bạn không có quyền xem danh sách này nên không thể xuất Excel.');
	const filters = list.parseFilters(req.params);
	const wanted = new Set(req.columns ?? []);
	const chosen = list.columns.filter((c) => wanted.has(c.key));
	return { list, filters, columns: chosen.length ? chosen : list.columns };
}

async function writePrepared(
	db: Kysely<Database>,
	req: ListExportRequest,
	prepared: ReturnType<typeof prepareListExport>,
	out: Writable,
	onPage: (rows: number) => void = () => undefined
) {
	const { list, filters, columns } = prepared;
	async function* pages() {
		for await (const page of listPages(db, req.scope, list, filters)) {
			onPage(page.length);
			yield page;
		}
	}
	const rows = await streamListExport(
		out,
		{
			title: list.title,
			filterLines: list.describeFilters(filters),
			columns,
			issuedOn: req.now ?? new Date()
		},
		pages()
	);
	return { list, filters, rows, columns: columns.map((c) => c.key) };
}

/** Writes the workbook of a list to `out`; resolves with the row count and the columns written. */
export async function writeListExport(db: Kysely<Database>, req: ListExportRequest, out: Writable) {
	return writePrepared(db, req, prepareListExport(req), out);
}

/**
 * Passes the workbook's bytes on unchanged and keeps them; holds the end of the stream back until
 * `beforeEnd` has archived them, and fails the stream if it fails.
 */
class ArchivingPassThrough extends Transform {
	private chunks: Buffer[] = [];
	constructor(private readonly beforeEnd: (content: Buffer) => Promise<void>) {
		super();
	}
	override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
		this.chunks.push(chunk);
		done(null, chunk);
	}
	override _flush(done: TransformCallback): void {
		const content = Buffer.concat(this.chunks);
		this.chunks = [];
		this.beforeEnd(content).then(() => done(), done);
	}
}

export interface ListExportStream {
	fileName: string;
	/** The workbook's bytes as they are written; ends once the file is archived and audited. */
	body: Readable;
	/** The archived report and its bytes; rejects when the export fails or the reader goes away. */
	archived: Promise<{ report: StoredReport; content: Buffer }>;
}

/**
 * Starts an export: the list and filters are checked at once (an AppError for bad input), then the
 * workbook streams through `body` while it is kept for the archive. The reader sets the pace.
 */
export function startListExport(
	db: Kysely<Database>,
	req: ListExportRequest & ReportRequester
): ListExportStream {
	const prepared = prepareListExport(req);
	const now = req.now ?? new Date();
	const fileName = `${req.list}-${vietnamDay(now)}.xlsx`;
	const columns = prepared.columns.map((c) => c.key);
	// Counted as the pages go to the writer: every page has been written before the workbook's
	// commit ends the stream, so the count is final when the file is archived.
	let rows = 0;
	let stored: { report: StoredReport; content: Buffer } | undefined;
	const body = new ArchivingPassThrough(async (content) => {
		const report = await storeReport(db, {
			kind: 'ad_hoc',
			period: vietnamDay(now),
			agencyId: req.scope.kind === 'subtree' ? req.scope.agencyId : null,
			parameters: { list: req.list, filters: prepared.filters, columns, rows },
			fileName,
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
			details: { list: req.list, rows, sha256: report.sha256 }
		});
		stored = { report, content };
	});
	const archived = (async () => {
		await writePrepared(db, req, prepared, body, (n) => (rows += n));
		if (!stored) throw new Error('the list export finished without being archived');
		return stored;
	})();
	archived.catch((e: unknown) => {
		// The reader must see a failed download, never a truncated file that ends as if complete.
		if (!body.destroyed) body.destroy(e instanceof Error ? e : new Error(String(e)));
	});
	return { fileName, body, archived };
}

/** Exports a list, keeps the file in the archive and audits it; returns the archived report and its bytes. */
export async function exportList(
	db: Kysely<Database>,
	req: ListExportRequest & ReportRequester
): Promise<{ report: StoredReport; content: Buffer }> {
	const { body, archived } = startListExport(db, req);
	body.resume(); // no reader but the archive
	return archived;
}

/** The export as a web stream for a Response; a failure after the first byte is logged and aborts it. */
export function listExportResponseBody(exp: ListExportStream): ReadableStream<Uint8Array> {
	exp.archived.catch((e: unknown) => logger.warn({ err: e, file: exp.fileName }, 'list export failed'));
	return Readable.toWeb(exp.body) as ReadableStream<Uint8Array>;
}
