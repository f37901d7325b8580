// The rejected rows of an import run as a workbook the user can fix and upload again: the row's
// original columns as the file had them (or, for runs without them, the fields under their
// Vietnamese names), then "Dòng" (its line in the file) and "Lý do" (every reason, in Vietnamese).
// Written with exceljs's streaming writer, a page of rows at a time, so a run with a million
// rejections never sits in memory.
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { EVENT_FIELDS, FIELD_LABELS } from '../../../import/event-fields';
import { ORIGINAL_COLUMNS } from '../mapping/event-records';
import { rejectedRows, type RejectedRow } from './runs';

export const rejectedWorkbookName = (runId: number) => `dong-bi-tu-choi-lan-nhap-${runId}.xlsx`;

/** The columns of the workbook: the first rejected row's original columns, or the canonical fields. */
function columnsOf(first: RejectedRow | undefined): { header: string; value: (r: RejectedRow) => unknown }[] {
	const original = first?.values?.[ORIGINAL_COLUMNS];
	if (Array.isArray(original))
		return original.map((pair: unknown, i) => ({
			header: Array.isArray(pair) ? String(pair[0]) : `Cột ${i + 1}`,
			value: (r) => {
				const cells = r.values?.[ORIGINAL_COLUMNS];
				return Array.isArray(cells) && Array.isArray(cells[i]) ? (cells[i] as unknown[])[1] : null;
			}
		}));
	return EVENT_FIELDS.map((f) => ({ header: FIELD_LABELS[f].vi, value: (r) => r.values?.[f] ?? null }));
}

const cellValue = (v: unknown): string | number | boolean | null =>
	v === null || v === undefined
		? null
		: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
			? v
			: JSON.stringify(v);

/** Streams the workbook of run `runId`'s rejected rows into `out`. */
export async function writeRejectedWorkbook(
	db: Kysely<Database>,
	runId: number,
	out: Writable
): Promise<number> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	wb.creator = 'Kiểm Ký';
	const ws = wb.addWorksheet('Dòng bị từ chối', { views: [{ state: 'frozen', ySplit: 1 }] });
	const rows = rejectedRows(db, runId);
	const first = await rows.next();
	const columns = columnsOf(first.done ? undefined : first.value);
	ws.columns = [
		...columns.map((c) => ({ header: c.header, width: Math.min(40, Math.max(12, c.header.length + 4)) })),
		{ header: 'Dòng', width: 8 },
		{ header: 'Lý do', width: 80 }
	];
	const head = ws.getRow(1);
	head.font = { bold: true };
	head.commit();
	let n = 0;
	const add = (r: RejectedRow) => {
		const row = ws.addRow([...columns.map((c) => cellValue(c.value(r))), r.line, r.reasons.join('; ')]);
		row.getCell(columns.length + 2).alignment = { wrapText: true, vertical: 'top' };
		row.commit();
		n++;
	};
	if (!first.done) add(first.value);
	for await (const r of rows) add(r);
	ws.commit();
	await wb.commit();
	return n;
}

/** The workbook as a web stream for a download response. */
export function rejectedWorkbookStream(db: Kysely<Database>, runId: number): ReadableStream<Uint8Array> {
	const pass = new PassThrough();
	writeRejectedWorkbook(db, runId, pass).catch((e: unknown) => pass.destroy(e as Error));
	return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}
