// Rows of an export turned into the records the ingestion pipeline takes: each mapped column's cell
// becomes its field's value (field-values.ts), the whole-file values fill fields the file leaves
// empty, and the row's original cells travel along under ORIGINAL_COLUMNS so a rejected row can be
// handed back as the user wrote it. A mapped cell holding a formula, or a row the reader found
// damaged, becomes the record's problem, which the pipeline records as its rejection.
import type { EventField } from '../../../import/event-fields';
import type { RawEventRecord, ReaderProblem } from '../ingest-types';
import type { SheetCell } from '../readers/xlsx-stream';
import type { ExportFormat, TableRow } from '../readers/table-rows';
import { isEmptyCell } from '../readers/table-rows';
import type { ColumnMapping, MappingConstants } from './column-mapping';
import { fieldValue } from './field-values';

/**
 * The key of a record's values under which the row's original cells travel, as [header, text] pairs: a list, since
 * jsonb (where rejected records are kept) does not keep the order of an object's keys.
 */
export const ORIGINAL_COLUMNS = '_columns';

export function columnLetter(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

/** A cell as text, the way the user sees it in the file (dates dd/MM/yyyy HH:mm:ss). */
export function cellText(c: SheetCell | undefined): string {
	if (c === null || c === undefined) return '';
	if (typeof c !== 'object') return String(c);
	if ('formula' in c) return c.formula;
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})$/.exec(c.date);
	return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : c.date;
}

/** Unique, non-empty names for the original columns ("Ghi chú", "Ghi chú (cột F)"). */
export function columnKeys(headers: readonly string[]): string[] {
	const seen = new Set<string>();
	return headers.map((h, i) => {
		const key = !h || seen.has(h) ? `${h || 'Cột'} (cột ${columnLetter(i)})` : h;
		seen.add(key);
		return key;
	});
}

export interface RecordShape {
	format: ExportFormat;
	headers: readonly string[];
	mapping: ColumnMapping;
	constants: MappingConstants;
}

const problem = (field: EventField | null, messageVi: string, messageEn: string): ReaderProblem => ({
	field,
	messageVi,
	messageEn
});

export function toRecord(row: TableRow, shape: RecordShape, keys: readonly string[]): RawEventRecord {
	const values: Record<string, unknown> = {};
	const original: [string, string][] = [];
	let found: ReaderProblem | undefined = row.problem
		? problem(null, row.problem, `the row is damaged (${row.problem})`)
		: undefined;
	const n = shape.headers.length;
	if (shape.format === 'csv' && !found) {
		const extra = row.cells.slice(n).some((c) => !isEmptyCell(c));
		if (row.cells.length < n || extra)
			found = problem(
				null,
				`có ${row.cells.length} cột, tiêu đề có ${n} cột`,
				`the row has ${row.cells.length} cells, the header ${n}`
			);
	}
	for (let i = 0; i < n; i++) {
		const cell = row.cells[i] ?? null;
		original.push([keys[i]!, cellText(cell)]);
		const field = shape.mapping[i];
		if (!field) continue;
		if (cell !== null && typeof cell === 'object' && 'formula' in cell) {
			const [whereVi, whereEn] =
				shape.format === 'xlsx'
					? [`ô ${columnLetter(i)}${row.line}`, `cell ${columnLetter(i)}${row.line}`]
					: [`cột "${shape.headers[i]}"`, `column "${shape.headers[i]}"`];
			found ??= problem(
				field,
				`${whereVi} chứa công thức (${cell.formula.slice(0, 80)}): hãy thay công thức bằng giá trị (Dán đặc biệt → Giá trị) rồi tải lại`,
				`${whereEn} holds a formula (${cell.formula.slice(0, 80)}): replace it with its value and upload again`
			);
			continue;
		}
		const plain = cell !== null && typeof cell === 'object' ? cell.date : cell;
		const v = fieldValue(field, plain);
		if (v !== undefined) values[field] = v;
	}
	for (const [field, v] of Object.entries(shape.constants) as [keyof MappingConstants, string][])
		if (v && values[field] === undefined) values[field] = v;
	values[ORIGINAL_COLUMNS] = original;
	return { line: row.line, values, ...(found ? { problem: found } : {}) };
}

export async function* toRecords(
	rows: AsyncIterable<TableRow>,
	shape: RecordShape
): AsyncGenerator<RawEventRecord> {
	const keys = columnKeys(shape.headers);
	for await (const row of rows) yield toRecord(row, shape, keys);
}
