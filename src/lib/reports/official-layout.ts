// The official layout every workbook shares, after Decree 30/2020 (Appendix I): issuing body at
// the top left, national motto at the top right, number and place/date line, title, period,
// a table with totals, then "Nơi nhận:" on the left and the signature block on the right.
// Sheets are written strictly top to bottom and each row is committed once written, so the
// same code serves the in-memory Workbook and the streaming WorkbookWriter (bounded memory).
import type { Workbook, Worksheet, Style } from 'exceljs';
import { font, THIN_BORDER, type CellInput, type CellKind } from './cells';
import { TableWriter, type TableOptions, type TablePlacement } from './table-writer';
import { vietnamWallClock } from '../time/vietnam';

export type { TableOptions, TablePlacement } from './table-writer';

export const ISSUING_BODY = ['UBND TỈNH ĐỒNG THÁP', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ'] as const;
export const NATIONAL_MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;
export const PLACE = 'Đồng Tháp';

export interface DocumentHead {
	title: string;
	/** Lines under the title: the period, the scope, the filters. */
	subtitle?: string[];
	/** "Kính gửi: …" line, when the document has an addressee. */
	addressee?: string;
	/** The symbol after the blank number, e.g. 'BC-SKHCN' → "Số:       /BC-SKHCN". */
	symbol?: string;
	/** The day on the place/date line. */
	issuedOn: Date;
}

export interface SignatureFooter {
	recipients: string[];
	/** Lines above the signature, e.g. ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']. */
	signerTitle: string[];
	signerName?: string;
}

export interface TableColumn {
	key: string;
	header: string;
	/** A group header above this column; adjacent columns with the same group share one cell. */
	group?: string;
	width?: number;
	kind?: CellKind;
	/** Sum this column in the totals row. */
	total?: boolean;
}

/** "Đồng Tháp, ngày 05 tháng 01 năm 2027": days under 10 and months under 3 take a leading zero (Decree 30). */
export function placeDateLine(d: Date, place = PLACE): string {
	const { year, month, day } = vietnamWallClock(d);
	const dd = day < 10 ? `0${day}` : `${day}`;
	const mm = month < 3 ? `0${month}` : `${month}`;
	return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

const center: Partial<Style['alignment']> = { horizontal: 'center', vertical: 'middle', wrapText: true };

/** A sheet in the official layout, written with a row cursor. */
export class OfficialSheet {
	readonly ws: Worksheet;
	readonly width: number;
	private readonly split: number;
	row = 1;

	constructor(ws: Worksheet, widths: number[]) {
		this.ws = ws;
		this.width = widths.length;
		// The issuing body takes about the left 45% of the page width, the motto the rest.
		const total = widths.reduce((s, w) => s + w, 0);
		let acc = 0;
		let split = 1;
		let best = Infinity;
		for (let i = 0; i < widths.length - 1; i++) {
			acc += widths[i] ?? 0;
			const miss = Math.abs(acc - total * 0.45);
			if (miss < best) {
				best = miss;
				split = i + 1;
			}
		}
		this.split = Math.min(Math.max(split, 1), Math.max(this.width - 1, 1));
	}

	/** Writes one merged cell over columns [from, to] of the current row (1-based, inclusive). */
	private put(col: number, to: number, value: string, style: Partial<Style>): void {
		const r = this.ws.getRow(this.row);
		const cell = r.getCell(col);
		cell.value = value;
		cell.style = style;
		if (to > col) this.ws.mergeCells(this.row, col, this.row, to);
	}

	private commit(height?: number): void {
		const r = this.ws.getRow(this.row);
		if (height) r.height = height;
		r.commit();
		this.row++;
	}

	blank(): void {
		this.commit();
	}

	/** The issuing body, motto, number, place and date, title, subtitle and addressee. */
	writeHead(head: DocumentHead): void {
		const left = this.split;
		const bold = { font: font({ bold: true, size: 12 }), alignment: center };
		this.put(1, left, ISSUING_BODY[0], { font: font({ size: 12 }), alignment: center });
		this.put(left + 1, this.width, NATIONAL_MOTTO[0], bold);
		this.commit();
		this.put(1, left, ISSUING_BODY[1], {
			font: font({ bold: true, size: 12, underline: true }),
			alignment: center
		});
		this.put(left + 1, this.width, NATIONAL_MOTTO[1], {
			font: font({ bold: true, size: 13, underline: true }),
			alignment: center
		});
		this.commit();
		this.blank();
		this.put(1, left, `Số:        /${head.symbol ?? 'BC-SKHCN'}`, {
			font: font({ size: 12 }),
			alignment: center
		});
		this.put(left + 1, this.width, placeDateLine(head.issuedOn), {
			font: font({ italic: true, size: 12 }),
			alignment: center
		});
		this.commit();
		this.blank();
		this.paragraph(head.title, { bold: true, size: 14, align: 'center', height: 36 });
		for (const line of head.subtitle ?? []) this.paragraph(line, { italic: true, align: 'center' });
		if (head.addressee) this.paragraph(`Kính gửi: ${head.addressee}`, { align: 'center' });
		this.blank();
	}

	/** One line of text across the whole width. */
	paragraph(
		text: string,
		opts: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center'; height?: number } = {}
	): void {
		this.put(1, this.width, text, {
			font: font({ bold: opts.bold, italic: opts.italic, size: opts.size ?? 12 }),
			alignment: { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true }
		});
		// Merged cells do not grow with wrapped text in any spreadsheet program: size the row.
		const perLine = Math.max(40, this.width * 9);
		const lines = text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / perLine)), 0);
		this.commit(opts.height ?? (lines > 1 ? lines * 16 : undefined));
	}

	/** "Nơi nhận:" on the left and the signature block on the right, side by side. */
	writeFooter(footer: SignatureFooter): void {
		this.blank();
		const left = this.split;
		const recipients = [...footer.recipients];
		const right = [...footer.signerTitle, '', '', '', footer.signerName ?? ''];
		const lines = Math.max(recipients.length + 1, right.length);
		for (let i = 0; i < lines; i++) {
			if (i === 0) this.put(1, left, 'Nơi nhận:', { font: font({ bold: true, italic: true, size: 12 }) });
			else if (recipients[i - 1] !== undefined)
				this.put(1, left, recipients[i - 1]!, { font: font({ size: 11 }), alignment: { vertical: 'top' } });
			const text = right[i];
			if (text)
				this.put(left + 1, this.width, text, { font: font({ bold: true, size: 13 }), alignment: center });
			this.commit();
		}
	}

	/**
	 * A table: a header (one row, or two when columns have groups), the rows, and a totals row
	 * of SUM formulas with their cached results. Returns where it landed and the totals.
	 */
	async writeTable(
		columns: TableColumn[],
		rows: Iterable<Record<string, CellInput>> | AsyncIterable<Record<string, CellInput>>,
		opts: TableOptions = {}
	): Promise<TablePlacement> {
		const table = this.beginTable(columns, opts);
		for await (const data of rows) table.add(data);
		return table.end();
	}

	/**
	 * Writes a table's header and returns a writer for its rows, for callers that feed rows in
	 * batches (the streamed list export); `end()` writes the totals row and the auto filter.
	 */
	beginTable(columns: TableColumn[], opts: TableOptions = {}): TableWriter {
		const headerFirst = this.row;
		const grouped = columns.some((c) => c.group);
		const headStyle: Partial<Style> = {
			font: font({ bold: true, size: 11 }),
			alignment: center,
			border: THIN_BORDER,
			fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } }
		};
		if (grouped) {
			const r = this.ws.getRow(this.row);
			const r2 = this.ws.getRow(this.row + 1);
			let i = 0;
			while (i < columns.length) {
				const c = columns[i]!;
				let j = i;
				while (c.group && j + 1 < columns.length && columns[j + 1]!.group === c.group) j++;
				for (let k = i; k <= j; k++) {
					r.getCell(k + 1).style = headStyle;
					r2.getCell(k + 1).style = headStyle;
					r2.getCell(k + 1).value = columns[k]!.header;
				}
				if (c.group) {
					r.getCell(i + 1).value = c.group;
					if (j > i) this.ws.mergeCells(this.row, i + 1, this.row, j + 1);
				} else {
					r.getCell(i + 1).value = c.header;
					this.ws.mergeCells(this.row, i + 1, this.row + 1, i + 1);
				}
				i = j + 1;
			}
			this.commit(30);
			this.commit(48);
		} else {
			const r = this.ws.getRow(this.row);
			columns.forEach((c, i) => {
				const cell = r.getCell(i + 1);
				cell.value = c.header;
				cell.style = headStyle;
			});
			this.commit(36);
		}
		return new TableWriter(this, columns, opts, headerFirst, this.row - 1);
	}

	/** Commits the current row and moves the cursor down (for TableWriter). */
	commitRow(): void {
		this.commit();
	}
}

/** Rows the head takes, so a streaming sheet can freeze panes before anything is written. */
export function headRowCount(head: DocumentHead): number {
	return 6 + (head.subtitle?.length ?? 0) + (head.addressee ? 1 : 0) + 1;
}

/**
 * Adds a sheet set up for printing on A4 (fit to width, repeated table header rows) with
 * frozen panes below the table header. `tableHeaderRows` is 0 for a sheet with no table.
 */
export function addOfficialWorksheet(
	wb: Workbook,
	name: string,
	opts: {
		widths: number[];
		landscape?: boolean;
		head?: DocumentHead;
		tableHeaderRows?: number;
		freezeColumns?: number;
	}
): Worksheet {
	const headerRows = opts.tableHeaderRows ?? 0;
	const first = opts.head ? headRowCount(opts.head) + 1 : 1;
	const last = first + headerRows - 1;
	const ws = wb.addWorksheet(name, {
		views:
			headerRows > 0
				? [{ state: 'frozen', xSplit: opts.freezeColumns ?? 0, ySplit: last, showGridLines: false }]
				: [{ showGridLines: false }],
		pageSetup: {
			paperSize: 9,
			orientation: opts.landscape ? 'landscape' : 'portrait',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
			...(headerRows > 0 ? { printTitlesRow: `${first}:${last}` } : {})
		},
		headerFooter: { oddFooter: '&C&"Times New Roman"&10Trang &P/&N' },
		properties: { defaultRowHeight: 16 }
	});
	ws.columns = opts.widths.map((w) => ({ width: w }));
	return ws;
}
