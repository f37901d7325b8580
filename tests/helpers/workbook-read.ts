// Reading a workbook back as the user gets it (xlsx bytes), and finding a table's cells by header.
import ExcelJS from 'exceljs';

/** A workbook as the user gets it: written to xlsx bytes and read back. */
export async function reread(source: ExcelJS.Workbook | Uint8Array | Buffer): Promise<ExcelJS.Workbook> {
	const bytes = source instanceof ExcelJS.Workbook ? await source.xlsx.writeBuffer() : source;
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes as ArrayBuffer);
	return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
	const ws = wb.getWorksheet(name);
	if (!ws) throw new Error(`no sheet "${name}" (have ${wb.worksheets.map((w) => w.name).join(', ')})`);
	return ws;
}

export function cellTexts(ws: ExcelJS.Worksheet): string[] {
	const out: string[] = [];
	ws.eachRow((r) => r.eachCell((c) => out.push(c.text)));
	return out;
}

/** The `n` cells under the first header cell reading `header` (the table's data rows, in order). */
export function columnUnder(ws: ExcelJS.Worksheet, header: string, n: number): string[] {
	let at: { row: number; col: number } | undefined;
	ws.eachRow((r, row) =>
		r.eachCell((c, col) => {
			if (!at && c.text === header) at = { row, col };
		})
	);
	if (!at) throw new Error(`no header "${header}" in sheet ${ws.name}`);
	// Data start at the row numbered 1 in the STT column (below a one- or two-row header); a sheet
	// without an STT column starts right under the header.
	let first = at.row + 1;
	while (first <= at.row + 3 && ws.getCell(first, 1).value !== 1) first++;
	if (first > at.row + 3) first = at.row + 1;
	return Array.from({ length: n }, (_, i) => ws.getCell(first + i, at!.col).text);
}
