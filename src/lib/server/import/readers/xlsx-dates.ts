// Dates in an .xlsx: a number is a date when its cell's style has a date format (a built-in one, or
// a custom code with day, month, year, hour or second fields), and its value counts days since
// 30/12/1899 (or 01/01/1904 in workbooks made with that option), on the wall clock Excel shows.
import type { ZipFile } from './zip-file';
import { parseAttributes, XmlScanner, XmlTooLong } from './xml-scanner';
import { scanPart } from './xlsx-part';

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, and the ones Excel adds for East Asia). */
const BUILT_IN_DATE_FORMATS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
	55, 56, 57, 58
]);

export function isDateFormatCode(code: string): boolean {
	// Literal text ("..."), escapes (\x) and bracketed parts ([Red], [$-42A]) name no date field; [h] and [mm] do.
	const bare = code
		.replace(/"[^"]*"/g, '')
		.replace(/\\./g, '')
		.replace(/\[(h+|m+|s+)\]/gi, 'h')
		.replace(/\[[^\]]*\]/g, '');
	return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** The indexes of cell styles (cellXfs) whose number format is a date. */
export async function dateStyles(zip: ZipFile, stylesPath: string, maxBytes: number): Promise<Set<number>> {
	const entry = zip.find(stylesPath);
	const out = new Set<number>();
	if (!entry) return out;
	if (entry.size > maxBytes) throw new XmlTooLong(maxBytes);
	const custom = new Map<number, string>();
	const xfs: number[] = [];
	let inCellXfs = false;
	const scanner = new XmlScanner({
		open(name, attrs) {
			if (name === 'numFmt') {
				const a = parseAttributes(attrs);
				custom.set(Number(a.numFmtId), a.formatCode ?? '');
			} else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) xfs.push(Number(parseAttributes(attrs).numFmtId ?? 0));
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		},
		text: () => undefined
	});
	for await (const _ of scanPart(zip, entry, scanner));
	xfs.forEach((id, i) => {
		const code = custom.get(id);
		if (code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id)) out.add(i);
	});
	return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** yyyy-MM-ddTHH:mm:ss of an Excel serial date, rounded to the second. */
export function excelSerialToWallClock(serial: number, date1904 = false): string {
	const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
	const d = new Date(epoch + Math.round(serial * 86_400) * 1000);
	return (
		`${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}
