// Finds a template's sheet in an uploaded workbook and maps its header row to the template's
// columns, tolerant of case, diacritics, punctuation and spacing ("SO DINH DANH" is "Số định
// danh (CCCD)"), then hands each non-empty data row over as cells keyed by column.
import type ExcelJS from 'exceljs';
import { fold, type ColumnSpec, type SheetSpec } from './templates';
import { readCell, type CellRead } from './cells';
import type { ImportIssue } from './types';

/** Rows per sheet: a province has a few thousand people; more is a wrong file. */
export const MAX_ROWS = 50_000;
/** Rows above the header that a CA's export may carry (a title, a date line). */
const HEADER_SEARCH_ROWS = 10;

export interface SheetRow {
	row: number;
	cells: Record<string, CellRead>;
}

export interface ReadSheet {
	sheet: string;
	/** Column letter of each mapped column. */
	letters: Record<string, string>;
	rows: SheetRow[];
}

export class IssueList {
	readonly items: ImportIssue[] = [];
	error(sheet: string, row: number | null, column: ColumnRef | null, message: string): void {
		this.items.push({
			severity: 'error',
			sheet,
			row,
			column: column?.letter ?? null,
			header: column?.header ?? null,
			message
		});
	}
	warning(sheet: string, row: number | null, column: ColumnRef | null, message: string): void {
		this.items.push({
			severity: 'warning',
			sheet,
			row,
			column: column?.letter ?? null,
			header: column?.header ?? null,
			message
		});
	}
	get errors(): number {
		return this.items.filter((i) => i.severity === 'error').length;
	}
}

export interface ColumnRef {
	letter: string | null;
	header: string;
}

export function columnLetter(n: number): string {
	let s = '';
	for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
	return s;
}

export function findSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet | undefined {
	const wanted = new Set([spec.name, ...spec.aliases].map(fold));
	return wb.worksheets.find((ws) => wanted.has(fold(ws.name)));
}

function matches(col: ColumnSpec, text: string): boolean {
	const f = fold(text);
	return f === fold(col.header) || col.aliases.some((a) => fold(a) === f);
}

function headerText(cell: ExcelJS.Cell): string | null {
	const c = readCell(cell);
	return c.kind === 'text' ? c.text : c.kind === 'number' ? String(c.value) : null;
}

/**
 * Reads one sheet of the template. Missing sheet, header row not found, missing or repeated
 * headers are errors (the sheet's rows are then not read); a column the template does not know
 * is a warning and is ignored.
 */
export function readSheet(wb: ExcelJS.Workbook, spec: SheetSpec, issues: IssueList): ReadSheet | null {
	const ws = findSheet(wb, spec);
	if (!ws) {
		issues.error(spec.name, null, null, `Thiếu trang "${spec.name}" (dùng tệp mẫu tải từ trang nhập).`);
		return null;
	}
	const sheet = ws.name;
	// actualRowCount counts rows holding values: rows only formatted far down do not count.
	if (ws.actualRowCount > MAX_ROWS + HEADER_SEARCH_ROWS) {
		issues.error(sheet, null, null, `Trang có ${ws.actualRowCount} dòng, vượt giới hạn ${MAX_ROWS} dòng.`);
		return null;
	}
	let headerRow = 0;
	for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount) && !headerRow; r++) {
		let known = 0;
		ws.getRow(r).eachCell((cell) => {
			const text = headerText(cell);
			if (text && spec.columns.some((c) => matches(c, text))) known++;
		});
		if (known >= 2) headerRow = r;
	}
	if (!headerRow) {
		issues.error(
			sheet,
			1,
			null,
			`Không tìm thấy dòng tiêu đề; cần các cột: ${spec.columns.map((c) => `"${c.header}"`).join(', ')}.`
		);
		return null;
	}
	const position: Record<string, number> = {};
	let ok = true;
	ws.getRow(headerRow).eachCell((cell, n) => {
		const letter = columnLetter(n);
		if (readCell(cell).kind === 'formula') {
			issues.error(sheet, headerRow, { letter, header: '' }, 'Ô tiêu đề chứa công thức.');
			ok = false;
			return;
		}
		const text = headerText(cell);
		if (!text) return;
		const col = spec.columns.find((c) => matches(c, text));
		if (!col) {
			issues.warning(sheet, headerRow, { letter, header: text }, `Cột "${text}" không có trong mẫu, bỏ qua.`);
			return;
		}
		if (position[col.key] !== undefined) {
			issues.error(
				sheet,
				headerRow,
				{ letter, header: col.header },
				`Cột "${col.header}" lặp lại (đã có ở cột ${columnLetter(position[col.key]!)}).`
			);
			ok = false;
			return;
		}
		position[col.key] = n;
	});
	for (const col of spec.columns)
		if (col.required && position[col.key] === undefined) {
			issues.error(sheet, headerRow, { letter: null, header: col.header }, `Thiếu cột "${col.header}".`);
			ok = false;
		}
	if (!ok) return null;

	const letters = Object.fromEntries(Object.entries(position).map(([k, n]) => [k, columnLetter(n)]));
	const rows: SheetRow[] = [];
	ws.eachRow((row, r) => {
		if (r <= headerRow) return;
		const cells: Record<string, CellRead> = {};
		let filled = false;
		for (const col of spec.columns) {
			const n = position[col.key];
			const c: CellRead = n === undefined ? { kind: 'empty' } : readCell(row.getCell(n));
			cells[col.key] = c;
			if (c.kind !== 'empty' && c.kind !== 'merged') filled = true;
		}
		if (filled) rows.push({ row: r, cells });
	});
	return { sheet, letters, rows };
}

/** The reference to a column of a read sheet, for issues. */
export function ref(sheet: ReadSheet, spec: SheetSpec, key: string): ColumnRef {
	const col = spec.columns.find((c) => c.key === key)!;
	return { letter: sheet.letters[key] ?? null, header: col.header };
}
