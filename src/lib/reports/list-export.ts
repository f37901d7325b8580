// Ad-hoc export of any dashboard list, streamed: rows come from an async iterable and are
// committed to a WorkbookWriter as they arrive, so memory stays bounded whatever the row count.
// Inline strings (no shared-string table) keep the writer from holding every distinct text.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';
import type { CellInput } from './cells';

export interface ListExportSpec {
	title: string;
	/** The filters the list was showing, one line each ("Trạng thái: Đang sử dụng"). */
	filterLines: string[];
	columns: TableColumn[];
	issuedOn: Date;
	/** The sheet's name (at most 31 characters). */
	sheetName?: string;
}

/** Writes the workbook to `out` and resolves with the number of data rows once it is complete. */
export async function streamListExport(
	out: Writable,
	spec: ListExportSpec,
	rows: AsyncIterable<Record<string, CellInput>> | Iterable<Record<string, CellInput>>
): Promise<number> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const head: DocumentHead = {
		title: spec.title.toUpperCase(),
		subtitle: spec.filterLines.length ? spec.filterLines : ['Không lọc'],
		symbol: 'DS-SKHCN',
		issuedOn: spec.issuedOn
	};
	const columns: TableColumn[] = [{ key: '__stt', header: 'STT', width: 7, kind: 'int' }, ...spec.columns];
	const widths = columns.map((c) => c.width ?? 16);
	const grouped = spec.columns.some((c) => c.group);
	const ws = addOfficialWorksheet(wb, (spec.sheetName ?? 'Danh sách').slice(0, 31), {
		widths,
		head,
		landscape: widths.reduce((s, w) => s + w, 0) > 100,
		tableHeaderRows: grouped ? 2 : 1
	});
	const sheet = new OfficialSheet(ws, widths);
	sheet.writeHead(head);
	let n = 0;
	async function* numbered() {
		for await (const r of rows) yield { ...r, __stt: ++n };
	}
	await sheet.writeTable(columns, numbered(), { totals: spec.columns.some((c) => c.total), totalLabelKey: spec.columns[0]?.key });
	sheet.paragraph(`Tổng số: ${n} dòng.`, { italic: true });
	ws.commit();
	await wb.commit();
	return n;
}
