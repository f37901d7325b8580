// Rows of one sheet of an .xlsx on disk, streamed: the archive is checked first (zip-file.ts, with
// the XLSX guard's caps), then the workbook, its relationships, styles and shared strings are read
// (small parts), and the sheet's XML flows through the scanner row by row, so a million-row sheet
// never sits in memory. A cell holding a formula comes out as { formula } (the import refuses it:
// its cached value may be stale); a number in a date format comes out as { date } on the wall
// clock Excel shows, which the import reads as Vietnam time.
import { AppError } from '../../../errors';
import { quoteName, type ZipLimits } from '../../../pki/zip-reader';
import { refusalAsAppError } from '../refused';
import { XLSX_LIMITS } from '../xlsx-guard';
import { openZipFile, type ZipFile } from './zip-file';
import { decodeExcelEscapes, decodeXmlText, parseAttributes, XmlScanner, XmlTooLong } from './xml-scanner';
import { SharedStrings, readSharedStrings } from './xlsx-shared-strings';
import { scanPart } from './xlsx-part';
import { dateStyles, excelSerialToWallClock } from './xlsx-dates';

export interface XlsxFormula {
	formula: string;
}
export interface XlsxDate {
	/** yyyy-MM-ddTHH:mm:ss as Excel shows it (no time zone). */
	date: string;
}
export type SheetCell = string | number | boolean | null | XlsxFormula | XlsxDate;

export interface SheetRow {
	/** The row number Excel shows. */
	line: number;
	cells: SheetCell[];
}

/**
 * The XLSX guard's caps with a larger total: the sheet streams (never held whole), so only its inflation time
 * grows with it; the entry count, the 100:1 ratio, overlapping parts, declared sizes and CRC-32 stay as they are.
 */
export const EVENT_XLSX_LIMITS: Readonly<ZipLimits> = Object.freeze({
	...XLSX_LIMITS,
	maxTotalBytes: 2 * 1024 * 1024 * 1024
});
/** Parts read whole (workbook, relationships, styles). */
const MAX_SMALL_PART = 16 * 1024 * 1024;

export interface XlsxSheetInfo {
	name: string;
	path: string;
	/** From the sheet's <dimension>, when it has one (rows including the header). */
	rows: number | null;
}

export interface XlsxWorkbook {
	sheets: XlsxSheetInfo[];
	rows(sheetName?: string | null): AsyncGenerator<SheetRow>;
}

function refuse(fileName: string, message: string, reason: string): AppError {
	return new AppError('IMPORT_FAILED', `Tệp ${quoteName(fileName)} bị từ chối: ${message}.`, {
		reason,
		source: fileName
	});
}

async function readSmallPart(
	zip: ZipFile,
	name: string,
	open: (name: string, attrs: Record<string, string>) => void
) {
	const entry = zip.find(name);
	if (!entry) return false;
	if (entry.size > MAX_SMALL_PART) throw new XmlTooLong(MAX_SMALL_PART);
	const scanner = new XmlScanner({
		open: (n, attrs) => open(n, parseAttributes(attrs)),
		close: () => undefined,
		text: () => undefined
	});
	for await (const _ of scanPart(zip, entry, scanner));
	return true;
}

/** "xl/worksheets/sheet1.xml" from a relationship target, relative to xl/ or absolute. */
const partPath = (target: string) =>
	(target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');

async function workbookStructure(zip: ZipFile, fileName: string) {
	const sheets: { name: string; rid: string }[] = [];
	let date1904 = false;
	const ok = await readSmallPart(zip, 'xl/workbook.xml', (n, a) => {
		if (n === 'sheet' && a.name && a.id) sheets.push({ name: a.name, rid: a.id });
		if (n === 'workbookPr' && (a.date1904 === '1' || a.date1904 === 'true')) date1904 = true;
	});
	if (!ok)
		throw refuse(
			fileName,
			'không phải bảng tính Excel .xlsx (thiếu phần "xl/workbook.xml")',
			'XLSX_NOT_WORKBOOK'
		);
	const targets = new Map<string, string>();
	let sharedStrings: string | null = null;
	let styles: string | null = null;
	await readSmallPart(zip, 'xl/_rels/workbook.xml.rels', (n, a) => {
		if (n !== 'Relationship' || !a.Id || !a.Target) return;
		targets.set(a.Id, partPath(a.Target));
		if (a.Type?.endsWith('/sharedStrings')) sharedStrings = partPath(a.Target);
		if (a.Type?.endsWith('/styles')) styles = partPath(a.Target);
	});
	return {
		sheets: sheets
			.map((s) => ({ name: s.name, path: targets.get(s.rid) ?? '' }))
			.filter((s) => zip.find(s.path)),
		date1904,
		sharedStrings: sharedStrings ?? (zip.find('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null),
		styles: styles ?? 'xl/styles.xml'
	};
}

/** Rows counted from the sheet's <dimension ref="A1:K1000001">, read from the part's first bytes only. */
async function dimensionRows(zip: ZipFile, path: string): Promise<number | null> {
	let rows: number | null = null;
	let done = false;
	const scanner = new XmlScanner({
		open(n, attrs) {
			if (n === 'dimension') {
				const m = /:[A-Z]+(\d+)$/.exec(parseAttributes(attrs).ref ?? '');
				rows = m ? Number(m[1]) : null;
			}
			if (n === 'dimension' || n === 'sheetData') done = true;
		},
		close: () => undefined,
		text: () => undefined
	});
	for await (const _ of scanPart(zip, zip.find(path)!, scanner)) if (done) break;
	return rows;
}

function columnIndex(ref: string): number {
	let n = 0;
	for (let i = 0; i < ref.length; i++) {
		const c = ref.charCodeAt(i);
		if (c < 65 || c > 90) break;
		n = n * 26 + (c - 64);
	}
	return n - 1;
}

/**
 * One attribute of a cell tag, found by its ' name="' (the writers of spreadsheets use double quotes and one space;
 * anything else falls back to the full parse): this runs for every cell of a million-row sheet.
 */
const ODD_ATTRIBUTES = /'|[\t\r\n]|\s=|=\s|\s{2}/;

function attribute(attrs: string, marker: ' r="' | ' t="' | ' s="'): string | undefined {
	const at = attrs.indexOf(marker);
	if (at < 0) return ODD_ATTRIBUTES.test(attrs) ? parseAttributes(attrs)[marker[1]!] : undefined;
	const from = at + marker.length;
	return attrs.slice(from, attrs.indexOf('"', from));
}

/** The sheet XML's rows: a small state machine over <row>, <c>, <v>, <f>, <is>/<t>. */
class SheetHandler {
	rows: SheetRow[] = [];
	private row: SheetRow | null = null;
	private lastRow = 0;
	private col = -1;
	private type = '';
	private style = 0;
	private value: string | null = null;
	private formula: string | null = null;
	private inline: string | null = null;
	private capture: 'v' | 'f' | 't' | null = null;
	private buf = '';
	private inPhonetic = false;

	constructor(
		private readonly shared: SharedStrings | null,
		private readonly dates: ReadonlySet<number>,
		private readonly date1904: boolean
	) {}

	open(name: string, attrs: string, selfClosing: boolean): void {
		if (name === 'row') {
			const r = Number(/\br="(\d+)"/.exec(attrs)?.[1]);
			this.lastRow = Number.isInteger(r) && r > 0 ? r : this.lastRow + 1;
			this.row = { line: this.lastRow, cells: [] };
			this.col = -1;
		} else if (name === 'c' && this.row) {
			const r = attribute(attrs, ' r="');
			this.col = r ? columnIndex(r) : this.col + 1;
			this.type = attribute(attrs, ' t="') ?? 'n';
			this.style = Number(attribute(attrs, ' s="') ?? 0);
			this.value = null;
			this.formula = null;
			this.inline = null;
		} else if (name === 'v' || name === 'f') {
			// A shared formula's other cells carry only <f t="shared" si="0"/>: still a formula.
			if (name === 'f' && selfClosing) this.formula = this.formula ?? '(công thức dùng chung)';
			this.capture = name;
			this.buf = '';
		} else if (name === 'is') this.inline = '';
		else if (name === 'rPh') this.inPhonetic = true;
		else if (name === 't' && this.inline !== null && !this.inPhonetic) {
			this.capture = 't';
			this.buf = '';
		}
	}

	text(raw: string, cdata: boolean): void {
		if (this.capture) this.buf += cdata ? raw : decodeXmlText(raw);
	}

	close(name: string): void {
		if (name === 'v' && this.capture === 'v') this.value = this.buf;
		else if (name === 'f' && this.capture === 'f')
			this.formula = this.buf ? `=${this.buf}` : (this.formula ?? '=');
		else if (name === 't' && this.capture === 't')
			this.inline = (this.inline ?? '') + decodeExcelEscapes(this.buf);
		else if (name === 'rPh') this.inPhonetic = false;
		else if (name === 'c' && this.row && this.col >= 0 && this.col < 16_384)
			this.row.cells[this.col] = this.cell();
		else if (name === 'row' && this.row) {
			const cells = this.row.cells;
			for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
			this.rows.push(this.row);
			this.row = null;
		}
		if (name === 'v' || name === 'f' || name === 't') this.capture = null;
	}

	private cell(): SheetCell {
		if (this.formula !== null) return { formula: this.formula };
		const v = this.value;
		switch (this.type) {
			case 's':
				return this.shared?.get(Number(v)) ?? null;
			case 'inlineStr':
				return this.inline;
			case 'str':
			case 'e':
				return v === null ? null : decodeExcelEscapes(v);
			case 'b':
				return v === null ? null : v === '1' || v === 'true';
			case 'd':
				return v === null ? null : { date: v.replace(/Z$/, '').slice(0, 19) };
		}
		if (v === null || v === '') return null;
		const n = Number(v);
		if (!Number.isFinite(n)) return v;
		return this.dates.has(this.style) ? { date: excelSerialToWallClock(n, this.date1904) } : n;
	}
}

/** Opens an .xlsx on disk: checks the archive and reads its structure; throws AppError IMPORT_FAILED. */
export async function openXlsx(path: string, fileName: string): Promise<XlsxWorkbook> {
	let zip: ZipFile;
	let structure: Awaited<ReturnType<typeof workbookStructure>>;
	let dates: Set<number>;
	const sheets: XlsxSheetInfo[] = [];
	try {
		zip = openZipFile(path, EVENT_XLSX_LIMITS);
		if (zip.problems.length) throw refuse(fileName, `phần ${zip.problems[0]!}`, 'XLSX_UNREADABLE');
		if (!zip.find('[Content_Types].xml'))
			throw refuse(
				fileName,
				'không phải bảng tính Excel .xlsx (thiếu phần "[Content_Types].xml")',
				'XLSX_NOT_WORKBOOK'
			);
		structure = await workbookStructure(zip, fileName);
		dates = await dateStyles(zip, structure.styles, MAX_SMALL_PART);
		for (const s of structure.sheets) sheets.push({ ...s, rows: await dimensionRows(zip, s.path) });
	} catch (e) {
		throw asRefusal(e, fileName);
	}
	if (!sheets.length) throw refuse(fileName, 'bảng tính không có trang tính nào', 'XLSX_NOT_WORKBOOK');
	let shared: SharedStrings | null | undefined;
	return {
		sheets,
		async *rows(sheetName) {
			const sheet = sheets.find((s) => s.name === sheetName) ?? sheets[0]!;
			try {
				shared ??= structure.sharedStrings
					? await readSharedStrings(zip, zip.find(structure.sharedStrings)!)
					: null;
				const handler = new SheetHandler(shared, dates, structure.date1904);
				const scanner = new XmlScanner(handler);
				for await (const _ of scanPart(zip, zip.find(sheet.path)!, scanner)) {
					if (!handler.rows.length) continue;
					const out = handler.rows;
					handler.rows = [];
					yield* out;
				}
				yield* handler.rows;
			} catch (e) {
				throw asRefusal(e, fileName);
			}
		}
	};
}

function asRefusal(e: unknown, fileName: string): unknown {
	if (e instanceof AppError) return e;
	if (e instanceof XmlTooLong) return refuse(fileName, e.message, 'XLSX_UNREADABLE');
	return refusalAsAppError(e, fileName) ?? e;
}
