// Ad-hoc export of any dashboard list, streamed: rows (or pages of rows) come from an iterable and
// are committed to a WorkbookWriter as they arrive, so memory stays bounded whatever the row count.
// Inline strings (no shared-string table) keep the writer from holding every distinct text.
//
// Bounded memory needs backpressure: exceljs writes each committed row's XML into the sheet's
// buffer, which pushes it into the zip's deflate stream without ever waiting, so a writer that
// commits faster than zlib (or the file) drains piles the workbook up in memory. The writer
// therefore yields to the event loop every few hundred rows (zlib finishes its chunks on the
// thread pool meanwhile) and waits for 'drain' when the deflate input or `out` is too full.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';
import type { CellInput } from './cells';

export interface ListExportSpec {
	title: string;
	/** The filters the list was showing, one line each ("Trạng thái: Đang sử dụng"). */
	filterLines: string[];
	columns: TableColumn[];
	issuedOn: Date;
	/** The sheet's name (at most 31 characters). */
	sheetName?: string;
	/**
	 * zlib level of the zip (0-9); 1 by default, which is what exceljs's writer gets from archiver
	 * when asked for nothing (measured: 6 makes the file ~20% smaller for about twice the CPU).
	 */
	compressionLevel?: number;
}

type Row = Record<string, CellInput>;

/** Rows between two yields to the event loop. */
const YIELD_EVERY = 512;
/** Uncompressed bytes allowed to wait for deflate (or compressed bytes for `out`) before the writer waits. */
const MAX_PENDING = 256 << 10;

/** Writes the workbook to `out` and resolves with the number of data rows once it is complete. */
export async function streamListExport(
	out: Writable,
	spec: ListExportSpec,
	rows: AsyncIterable<Row | readonly Row[]> | Iterable<Row>
): Promise<number> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false,
		zip: { zlib: { level: spec.compressionLevel ?? 1 } }
	});
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const head: DocumentHead = {
		title: spec.title.toUpperCase(),
		subtitle: spec.filterLines.length ? spec.filterLines : ['Không lọc'],
		symbol: 'DS-SKHCN',
		issuedOn: spec.issuedOn
	};
	const columns: TableColumn[] = [{ key: '__stt', header: 'STT', width: 7, kind: 'int' }, ...spec.columns];
	const widths = columns.map((c) => c.width ?? 16);
	const grouped = spec.columns.some((c) => c.group);
	const ws = addOfficialWorksheet(wb, (spec.sheetName ?? 'Danh sách').slice(0, 31), {
		widths,
		head,
		landscape: widths.reduce((s, w) => s + w, 0) > 100,
		tableHeaderRows: grouped ? 2 : 1
	});
	const sheet = new OfficialSheet(ws, widths);
	sheet.writeHead(head);
	const table = sheet.beginTable(columns, {
		numbered: true,
		totals: spec.columns.some((c) => c.total),
		totalLabelKey: spec.columns[0]?.key
	});
	let sinceYield = 0;
	const write = async (row: Row) => {
		table.add(row);
		if (++sinceYield >= YIELD_EVERY) {
			sinceYield = 0;
			await backpressure(ws, out);
		}
	};
	for await (const item of rows) {
		if (Array.isArray(item)) for (const row of item as readonly Row[]) await write(row);
		else await write(item as Row);
	}
	table.end();
	sheet.paragraph(`Tổng số: ${table.count} dòng.`, { italic: true });
	ws.commit();
	await unlessOutputFails(wb.commit(), out);
	return table.count;
}

/**
 * Lets zlib and `out` catch up. The sheet's XML goes into a StreamBuf that writes to the stream
 * archiver piped it into, ignoring write()'s return value: a PassThrough (archiver wraps sources
 * that are not real Readables) in front of the entry's deflate stream. That PassThrough's
 * writable buffer is where an unthrottled writer piles up the workbook; it exists once archiver
 * has started the entry, and it emits 'drain' once emptied (its write() has returned false).
 */
async function backpressure(ws: ExcelJS.Worksheet, out: Writable): Promise<void> {
	assertWritable(out);
	const sink = (ws as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
	if (sink && pendingBytes(sink) > MAX_PENDING) await drained(sink, out);
	else if (pendingBytes(out) > MAX_PENDING) await drained(out, out);
	else await new Promise<void>((resolve) => setImmediate(resolve));
	assertWritable(out);
}

/**
 * A failed `out` (disk full, missing folder, closed connection) never drains: without this check the
 * export would wait forever, holding its database connection, instead of failing.
 */
function assertWritable(out: Writable): void {
	if (out.errored) throw out.errored;
	if (out.destroyed || out.writableEnded)
		throw new Error('the export output was closed before the workbook was complete');
}

/** `done`, unless `out` errors or closes before it is finished (exceljs's commit would wait forever). */
async function unlessOutputFails<T>(done: Promise<T>, out: Writable): Promise<T> {
	assertWritable(out);
	const ac = new AbortController();
	try {
		return await Promise.race([
			done,
			once(out, 'close', { signal: ac.signal }).then(() => {
				if (out.errored) throw out.errored;
				if (!out.writableFinished)
					throw new Error('the export output was closed before the workbook was complete');
				return done;
			})
		]);
	} finally {
		ac.abort();
	}
}

/** Waits for `s` to drain, or fails as soon as `out` closes or errors. */
async function drained(s: Writable, out: Writable): Promise<void> {
	const ac = new AbortController();
	try {
		await Promise.race([
			once(s, 'drain', { signal: ac.signal }),
			once(out, 'close', { signal: ac.signal }).then(() => assertWritable(out))
		]);
	} finally {
		ac.abort();
	}
}

/** Bytes a writable holds; archiver's readable-stream 2 streams have no `writableLength`. */
function pendingBytes(s: Writable): number {
	return (
		s.writableLength ?? (s as unknown as { _writableState?: { length: number } })._writableState?.length ?? 0
	);
}
