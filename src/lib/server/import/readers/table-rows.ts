// An export file on disk as rows of cells, whatever its format: CSV (decoded in the chosen encoding,
// its delimiter detected), XLSX (the chosen sheet, streamed) or JSON Lines (each object's values in
// the order of the keys seen first). The first non-empty row of a CSV or XLSX is its header.
import { createReadStream } from 'node:fs';
import { createDecoder, type TextEncoding } from './decoder';
import { readCsvRows, type CsvDelimiter } from './csv-stream';
import { readJsonlRows } from './jsonl-stream';
import { openXlsx, type SheetCell, type XlsxWorkbook } from './xlsx-stream';

export type ExportFormat = 'csv' | 'xlsx' | 'jsonl';

export interface TableRow {
	line: number;
	cells: SheetCell[];
	/** The reader's own problem with this row (a quote never closed, a line that is not JSON). */
	problem?: string;
}

export interface TableSource {
	format: ExportFormat;
	path: string;
	fileName: string;
	/** Text formats. */
	encoding?: TextEncoding;
	delimiter?: CsvDelimiter;
	/** XLSX: the sheet to read (the first when absent or unknown). */
	sheet?: string | null;
}

/** The table: its header and a fresh iterator over its data rows. */
export interface Table {
	headers: string[];
	delimiter?: CsvDelimiter;
	sheets?: { name: string; rows: number | null }[];
	sheet?: string;
	/** Data rows in the file, when the format says so without reading it (XLSX dimension). */
	rowsHint: number | null;
	rows(): AsyncGenerator<TableRow>;
}

/** JSON Lines keys beyond the first rows' are not columns (they are ignored, like an unmapped column). */
const JSONL_HEADER_ROWS = 50;

export async function* decodedText(path: string, encoding: TextEncoding): AsyncGenerator<string> {
	const decoder = createDecoder(encoding);
	for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
		const s = decoder.write(chunk as Buffer);
		if (s) yield s;
	}
	const last = decoder.end();
	if (last) yield last;
}

export const isEmptyCell = (c: SheetCell | undefined) =>
	c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

export function headerText(c: SheetCell | undefined): string {
	if (c === null || c === undefined) return '';
	if (typeof c === 'object') return 'formula' in c ? c.formula : c.date;
	return String(c).trim();
}

async function csvTable(src: TableSource): Promise<Table> {
	let delimiter = src.delimiter;
	const all = () =>
		readCsvRows(decodedText(src.path, src.encoding ?? 'utf-8'), {
			delimiter,
			onDelimiter: (d) => (delimiter = d)
		});
	let headers: string[] = [];
	let headerLine = 0;
	for await (const r of all()) {
		headers = r.cells.map((c) => c.trim());
		headerLine = r.line;
		break;
	}
	return {
		headers,
		delimiter,
		rowsHint: null,
		async *rows() {
			for await (const r of all()) if (r.line > headerLine) yield r;
		}
	};
}

async function xlsxTable(src: TableSource): Promise<Table> {
	const wb: XlsxWorkbook = await openXlsx(src.path, src.fileName);
	const sheet = wb.sheets.find((s) => s.name === src.sheet) ?? wb.sheets[0]!;
	let headers: string[] = [];
	let headerLine = 0;
	for await (const r of wb.rows(sheet.name)) {
		if (r.cells.every(isEmptyCell)) continue;
		headers = r.cells.map(headerText);
		headerLine = r.line;
		break;
	}
	return {
		headers,
		sheets: wb.sheets.map((s) => ({ name: s.name, rows: s.rows })),
		sheet: sheet.name,
		rowsHint: sheet.rows !== null && headerLine ? Math.max(0, sheet.rows - headerLine) : null,
		async *rows() {
			for await (const r of wb.rows(sheet.name))
				if (r.line > headerLine && !r.cells.every(isEmptyCell)) yield r;
		}
	};
}

async function jsonlTable(src: TableSource): Promise<Table> {
	const all = () => readJsonlRows(decodedText(src.path, src.encoding ?? 'utf-8'));
	const keys = new Set<string>();
	let seen = 0;
	for await (const r of all()) {
		for (const k of Object.keys(r.object ?? {})) keys.add(k);
		if (++seen >= JSONL_HEADER_ROWS) break;
	}
	const headers = [...keys];
	return {
		headers,
		rowsHint: null,
		async *rows() {
			for await (const r of all()) {
				const o = r.object ?? {};
				yield {
					line: r.line,
					cells: headers.map((k) => jsonCell(o[k])),
					...(r.problem ? { problem: r.problem } : {})
				};
			}
		}
	};
}

function jsonCell(v: unknown): SheetCell {
	if (v === undefined || v === null) return null;
	if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
	return JSON.stringify(v);
}

export function openTable(src: TableSource): Promise<Table> {
	if (src.format === 'xlsx') return xlsxTable(src);
	if (src.format === 'jsonl') return jsonlTable(src);
	return csvTable(src);
}
