// The rows of one table in the official layout: data cells with their column's style and number
// format, the running number (STT), and the totals row of SUM formulas with cached results.
// Rows are committed as they are written, so it serves the streaming WorkbookWriter too.
import type { Style } from 'exceljs';
import { dataStyle, font, setDataCell, type CellInput, type CellKind } from './cells';
import type { OfficialSheet, TableColumn } from './official-layout';

export interface TableOptions {
	totals?: boolean;
	totalLabelKey?: string;
	/** The first column is the running row number (STT), whatever the rows hold under its key. */
	numbered?: boolean;
}

/** The style of every data row (empty: the cells carry theirs). */
const ROW_STYLE: Partial<Style> = {};

/**
 * The rows of one table. Every data cell shares its column's style object: exceljs maps a style
 * object it has seen to its style id at once, where a fresh object per cell would be serialised
 * and looked up again for each of a million cells.
 */
export class TableWriter {
	private readonly kinds: CellKind[];
	private readonly styles: Partial<Style>[];
	private readonly keys: string[];
	private readonly summed: number[];
	private readonly sums: number[];
	readonly firstData: number;
	/** Data rows written so far. */
	count = 0;

	constructor(
		private readonly sheet: OfficialSheet,
		private readonly columns: TableColumn[],
		private readonly opts: TableOptions,
		private readonly headerFirst: number,
		private readonly headerLast: number
	) {
		this.kinds = columns.map((c) => c.kind ?? 'text');
		this.styles = columns.map((c) => dataStyle(c.kind ?? 'text'));
		this.keys = columns.map((c) => c.key);
		this.summed = columns.flatMap((c, i) => (c.total ? [i] : []));
		this.sums = columns.map(() => 0);
		this.firstData = sheet.row;
	}

	/** Writes and commits one data row. */
	add(data: Record<string, CellInput>): void {
		const sheet = this.sheet;
		const r = sheet.ws.getRow(sheet.row);
		// A shared (empty) row style: exceljs looks every row's style up, and a fresh object
		// each row would be serialised and remembered in its WeakMap a million times.
		(r as unknown as { style: Partial<Style> }).style = ROW_STYLE;
		const n = this.keys.length;
		const first = this.opts.numbered ? 1 : 0;
		this.count++;
		if (first) setDataCell(r.getCell(1), this.count, this.kinds[0]!, this.styles[0]!);
		for (let i = first; i < n; i++)
			setDataCell(r.getCell(i + 1), data[this.keys[i]!], this.kinds[i]!, this.styles[i]!);
		for (const i of this.summed) {
			const v = i === 0 && first ? this.count : data[this.keys[i]!];
			if (typeof v === 'number') this.sums[i]! += v;
		}
		sheet.commitRow();
	}

	/** Writes the totals row (when asked for) and the auto filter; returns where the table landed. */
	end(): TablePlacement {
		const { sheet, columns, opts, styles, sums, firstData } = this;
		const lastData = sheet.row - 1;
		let totalsRow: number | null = null;
		if (opts.totals) {
			totalsRow = sheet.row;
			const r = sheet.ws.getRow(sheet.row);
			const labelIndex = Math.max(
				0,
				columns.findIndex((c) => c.key === (opts.totalLabelKey ?? columns[1]?.key))
			);
			columns.forEach((c, i) => {
				const cell = r.getCell(i + 1);
				cell.style = { ...styles[i], font: font({ bold: true, size: 11 }) };
				if (i === labelIndex) cell.value = 'Tổng cộng';
				else if (c.total) {
					const col = sheet.ws.getColumn(i + 1).letter;
					cell.value =
						lastData >= firstData
							? { formula: `SUM(${col}${firstData}:${col}${lastData})`, result: sums[i]! }
							: 0;
				}
			});
			sheet.commitRow();
		}
		const lastCol = sheet.ws.getColumn(columns.length).letter;
		sheet.ws.autoFilter = `A${this.headerLast}:${lastCol}${Math.max(lastData, this.headerLast)}`;
		const totals = Object.fromEntries(
			columns.filter((c) => c.total).map((c) => [c.key, sums[columns.indexOf(c)]!])
		);
		return {
			headerFirst: this.headerFirst,
			headerLast: this.headerLast,
			firstData,
			lastData,
			totalsRow,
			totals
		};
	}
}

export interface TablePlacement {
	headerFirst: number;
	headerLast: number;
	firstData: number;
	lastData: number;
	totalsRow: number | null;
	totals: Record<string, number>;
}
