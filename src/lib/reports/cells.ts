// Cell values and styles shared by every workbook: Times New Roman, Vietnamese number and date
// formats, and the one place where data from the database becomes a cell value. Data is never
// allowed to become a formula: exceljs turns only `{ formula }` objects into formulas, so
// anything that is not a plain string, number, boolean or date (a jsonb object, say) is
// written as JSON text, and a string that starts like a formula is marked as a text cell.
import type { Alignment, Borders, Cell, Font, Style } from 'exceljs';
import { isCalendarDay, VIETNAM_UTC_OFFSET_MS } from '../time/vietnam';

export const FONT_NAME = 'Times New Roman';

/** How a column's values are shown. */
export type CellKind = 'text' | 'int' | 'number' | 'date' | 'datetime';

/** What a report row may hold; dates are JS Dates (instants) or 'YYYY-MM-DD' calendar days. */
export type CellInput = string | number | boolean | Date | null | undefined | object;

export const NUM_FMT: Record<CellKind, string | undefined> = {
	text: '@',
	int: '#,##0',
	number: '#,##0.##',
	date: 'dd/mm/yyyy',
	datetime: 'dd/mm/yyyy hh:mm:ss'
};

export function font(extra: Partial<Font> = {}): Partial<Font> {
	return { name: FONT_NAME, size: 12, ...extra };
}

export const THIN_BORDER: Partial<Borders> = {
	top: { style: 'thin' },
	left: { style: 'thin' },
	bottom: { style: 'thin' },
	right: { style: 'thin' }
};

/** Characters that make a spreadsheet program read text as a formula (OWASP CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function looksLikeFormula(text: string): boolean {
	return FORMULA_START.test(text);
}

/**
 * A spreadsheet date for a calendar day or an instant. Excel dates carry no zone, and exceljs
 * writes a JS Date by its UTC fields, so an instant is shifted to Vietnam's wall clock first.
 */
export function toSheetDate(value: Date | string): Date | null {
	// A calendar day 'YYYY-MM-DD' is already a wall-clock date; any other text is read as an instant
	// (2026-03-05T20:00:00Z is 06/03 in Vietnam, as formatDate shows it, not 05/03).
	if (typeof value === 'string' && isCalendarDay(value)) return new Date(`${value}T00:00:00Z`);
	const instant = typeof value === 'string' ? new Date(value) : value;
	if (Number.isNaN(instant.getTime())) return null;
	return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS);
}

/**
 * A formula the report code itself writes (totals, cross-sheet references), with its cached
 * result. Values read from the database are never instances of this class, so data can never
 * become a formula.
 */
export class TrustedFormula {
	constructor(
		readonly formula: string,
		readonly result: number
	) {}
}

export type SafeValue = string | number | boolean | Date | null | { formula: string; result: number };

/** The value to put in a cell of a column of `kind`; never a formula. */
export function safeValue(value: CellInput, kind: CellKind = 'text'): SafeValue {
	if (value === null || value === undefined) return null;
	if (value instanceof TrustedFormula) return { formula: value.formula, result: value.result };
	if ((kind === 'date' || kind === 'datetime') && (value instanceof Date || typeof value === 'string')) {
		return toSheetDate(value) ?? String(value);
	}
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'boolean') return value;
	if (value instanceof Date) return toSheetDate(value);
	if (typeof value === 'string') return value;
	if (typeof value === 'bigint') return Number(value);
	// jsonb objects, arrays, Buffers: as JSON text, so that a `{ formula }` object from data
	// can never reach exceljs as a formula.
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

/**
 * Writes a data value into a cell: the column's number format, and the text format '@' on any
 * string that starts like a formula, so that editing the cell later does not turn it into one.
 */
export function setDataCell(cell: Cell, value: CellInput, kind: CellKind, style: Partial<Style>): void {
	const v = safeValue(value, kind);
	cell.value = v;
	if (typeof v === 'string' && kind !== 'text' && looksLikeFormula(v)) cell.style = { ...style, numFmt: '@' };
	else cell.style = style;
}

/** A style for data cells of a column kind (shared objects keep large exports cheap). */
export function dataStyle(kind: CellKind, bordered = true): Partial<Style> {
	const alignment: Partial<Alignment> =
		kind === 'text'
			? { vertical: 'top', wrapText: true }
			: kind === 'date' || kind === 'datetime'
				? { vertical: 'top', horizontal: 'center' }
				: { vertical: 'top', horizontal: 'right' };
	return {
		font: font({ size: 11 }),
		numFmt: NUM_FMT[kind],
		alignment,
		...(bordered ? { border: THIN_BORDER } : {})
	};
}
