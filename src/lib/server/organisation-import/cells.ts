// What a spreadsheet cell holds, read strictly: text as typed, real dates, and nothing computed.
// A formula is refused rather than trusted for its cached result (the value shown may not be the
// value stored, and a copied sheet may carry formulas pointing elsewhere); a date must exist in
// the calendar (30/02/2026 is refused, never rolled over to March).
import ExcelJS from 'exceljs';
import { calendarDay } from '../../time/vietnam';

export type CellRead =
	| { kind: 'empty' }
	| { kind: 'text'; text: string }
	| { kind: 'number'; value: number }
	| { kind: 'date'; date: Date }
	| { kind: 'formula' }
	| { kind: 'merged' }
	| { kind: 'other'; what: string };

/** Trimmed, one space between words, NFC (text pasted from PDFs arrives decomposed). */
export function cleanText(s: string): string {
	return s
		.normalize('NFC')
		.replace(/[\s\u00a0\u200b]+/g, ' ')
		.trim();
}

export function readCell(cell: ExcelJS.Cell): CellRead {
	const V = ExcelJS.ValueType;
	if (cell.type === V.Formula || cell.formula) return { kind: 'formula' };
	switch (cell.type) {
		case V.Null:
			return { kind: 'empty' };
		case V.Merge:
			return { kind: 'merged' };
		case V.Number:
			return { kind: 'number', value: cell.value as number };
		case V.Date:
			return { kind: 'date', date: cell.value as Date };
		case V.String:
		case V.SharedString:
		case V.RichText:
		case V.Hyperlink: {
			const text = cleanText(cell.text ?? '');
			return text ? { kind: 'text', text } : { kind: 'empty' };
		}
		case V.Boolean:
			return { kind: 'other', what: 'giá trị đúng/sai' };
		case V.Error:
			return { kind: 'other', what: `lỗi ${cell.text}` };
		default:
			return { kind: 'other', what: 'kiểu dữ liệu lạ' };
	}
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

/** Refusals shared by every column: formulas, merged cells, booleans, error values. */
function common(c: CellRead): Parsed<never> | null {
	if (c.kind === 'formula') return bad('Ô chứa công thức; hãy dán giá trị (Paste Special → Values).');
	if (c.kind === 'merged') return bad('Ô đã gộp (merge); hãy bỏ gộp và ghi giá trị vào từng ô.');
	if (c.kind === 'other') return bad(`Ô chứa ${c.what}, không phải văn bản.`);
	return null;
}

/**
 * Text, or null when empty. A whole number typed into a text column (an agency code "101") is
 * accepted as its digits; a number too large to be exact is refused rather than guessed.
 */
export function asText(c: CellRead): Parsed<string | null> {
	const refused = common(c);
	if (refused) return refused;
	if (c.kind === 'empty') return ok(null);
	if (c.kind === 'text') return ok(c.text);
	if (c.kind === 'number') {
		if (!Number.isSafeInteger(c.value) || c.value < 0)
			return bad('Ô chứa số bị Excel làm tròn; hãy định dạng cột là văn bản (Text) và nhập lại.');
		return ok(String(c.value));
	}
	return bad('Ô chứa ngày tháng, không phải văn bản.');
}

/** A calendar date 'YYYY-MM-DD' of 1900-2100 that really exists, or null. */
function calendarDate(y: number, m: number, d: number): string | null {
	return y < 1900 || y > 2100 ? null : calendarDay(y, m, d);
}

/**
 * A date: a real date cell (exceljs gives the day at 00:00 UTC), or text dd/MM/yyyy (one-digit
 * day and month accepted). Anything else, and days that do not exist, are refused.
 */
export function asDate(c: CellRead): Parsed<string | null> {
	const refused = common(c);
	if (refused) return refused;
	if (c.kind === 'empty') return ok(null);
	if (c.kind === 'date') {
		const d = c.date;
		const day = calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
		return day ? ok(day) : bad('Ngày nằm ngoài khoảng cho phép (1900–2100).');
	}
	if (c.kind !== 'text') return bad('Ô chứa số, không phải ngày; nhập ngày dạng dd/MM/yyyy.');
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(c.text);
	if (!m) return bad(`"${c.text}" không phải ngày dạng dd/MM/yyyy.`);
	const day = calendarDate(Number(m[3]), Number(m[2]), Number(m[1]));
	return day ? ok(day) : bad(`Ngày ${c.text} không có thật.`);
}
