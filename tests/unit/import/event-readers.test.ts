// The readers of signing-event exports: streaming CSV (delimiters, quotes, line breaks inside
// fields, line numbers, chunking), JSON Lines, and XLSX streamed from disk (shared and inline
// strings, dates, formulas, a chosen sheet) with the XLSX guard's caps against hostile archives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors';
import { readCsvRows, type CsvRow } from '../../../src/lib/server/import/readers/csv-stream';
import { readJsonlRows } from '../../../src/lib/server/import/readers/jsonl-stream';
import { openTable, type TableRow } from '../../../src/lib/server/import/readers/table-rows';
import { isDateFormatCode } from '../../../src/lib/server/import/readers/xlsx-dates';
import { readZip } from '../../../src/lib/pki/zip-reader';
import {
	buildZip,
	sharedStreamBomb,
	XLSX_PARTS,
	xlsxPartName
} from '../../../src/lib/pki/testing/hostile-archives';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string) => {
	const p = path.join(dir, name);
	writeFileSync(p, bytes);
	return p;
};

async function* chunks(text: string, size: number): AsyncGenerator<string> {
	for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const x of it) out.push(x);
	return out;
}
const rowsOf = async (p: string, format: 'csv' | 'xlsx' | 'jsonl', sheet?: string) => {
	const t = await openTable({ format, path: p, fileName: path.basename(p), encoding: 'utf-8', sheet });
	return { headers: t.headers, t, rows: await collect<TableRow>(t.rows()) };
};

describe('CSV', () => {
	const text =
		'\uFEFFSố ký hiệu;Trích yếu;Thời điểm ký\r\n' +
		'15/QĐ-SYT;"Về việc ""A""; và B";05/03/2026 09:15\r\n' +
		'\r\n' +
		'16/QĐ-SYT;"dòng một\r\ndòng hai";06/03/2026\r\n' +
		'17/QĐ-SYT;cuối;07/03/2026';

	it('detects the semicolon, keeps quotes, delimiters and line breaks inside fields, and numbers lines', async () => {
		const expected: CsvRow[] = [
			{ line: 1, cells: ['Số ký hiệu', 'Trích yếu', 'Thời điểm ký'] },
			{ line: 2, cells: ['15/QĐ-SYT', 'Về việc "A"; và B', '05/03/2026 09:15'] },
			{ line: 4, cells: ['16/QĐ-SYT', 'dòng một\r\ndòng hai', '06/03/2026'] },
			{ line: 6, cells: ['17/QĐ-SYT', 'cuối', '07/03/2026'] }
		];
		for (const size of [1, 2, 5, 4096])
			expect(await collect(readCsvRows(chunks(text, size))), `chunks of ${size}`).toEqual(expected);
	});

	it('reads commas and tabs too, and reports a quote never closed', async () => {
		expect((await collect(readCsvRows(chunks('a,b\n1,2', 100))))[1]!.cells).toEqual(['1', '2']);
		expect((await collect(readCsvRows(chunks('a\tb\n1\t2,5', 100))))[1]!.cells).toEqual(['1', '2,5']);
		const broken = await collect(readCsvRows(chunks('a,b\n1,"never closed\n2,3', 100)));
		expect(broken[1]).toMatchObject({ line: 2, problem: 'dấu ngoặc kép chưa đóng' });
	});
});

describe('JSON Lines', () => {
	it('reads one object per line and names a bad line', async () => {
		const rows = await collect(readJsonlRows(chunks('{"a":1}\n\nnot json\n[1]\r\n{"a":"x"}', 3)));
		expect(rows).toEqual([
			{ line: 1, object: { a: 1 } },
			{ line: 3, object: null, problem: 'không phải JSON hợp lệ' },
			{ line: 4, object: null, problem: 'mỗi dòng phải là một đối tượng JSON ({…})' },
			{ line: 5, object: { a: 'x' } }
		]);
	});
});

describe('XLSX', () => {
	it('streams a workbook: shared strings, dates on the wall clock, formulas kept as formulas, the chosen sheet', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('Hướng dẫn').addRow(['Trang này không phải dữ liệu']);
		const ws = wb.addWorksheet('Dữ liệu ký số');
		ws.addRow([]);
		ws.addRow(['Số ký hiệu', 'Thời điểm ký', 'Mã hồ sơ', 'Ghi chú']);
		ws.addRow(['15/QĐ-SYT', new Date(Date.UTC(2026, 2, 5, 9, 15, 3)), 'HS-1', 'a & b <c>']);
		ws.addRow(['16/QĐ-SYT', '06/03/2026 10:00', { formula: 'C3&"-2"', result: 'HS-1-2' }, null]);
		ws.addRow([{ richText: [{ text: 'Sở ' }, { text: 'Y tế', font: { bold: true } }] }, 45000.5, 7, true]);
		ws.getCell('B5').numFmt = 'dd/mm/yyyy hh:mm';
		const p = file('export.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));

		const first = await openTable({ format: 'xlsx', path: p, fileName: 'export.xlsx' });
		expect(first.sheets!.map((s) => s.name)).toEqual(['Hướng dẫn', 'Dữ liệu ký số']);
		expect(first.headers).toEqual(['Trang này không phải dữ liệu']);

		const { headers, rows, t } = await rowsOf(p, 'xlsx', 'Dữ liệu ký số');
		expect(headers).toEqual(['Số ký hiệu', 'Thời điểm ký', 'Mã hồ sơ', 'Ghi chú']);
		expect(t.rowsHint).toBe(3);
		expect(rows).toEqual([
			{ line: 3, cells: ['15/QĐ-SYT', { date: '2026-03-05T09:15:03' }, 'HS-1', 'a & b <c>'] },
			{ line: 4, cells: ['16/QĐ-SYT', '06/03/2026 10:00', { formula: '=C3&"-2"' }] },
			{ line: 5, cells: ['Sở Y tế', { date: '2023-03-15T12:00:00' }, 7, true] }
		]);
	});

	it('reads the inline strings of a streamed workbook', async () => {
		const p = path.join(dir, 'streamed.xlsx');
		const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings: false });
		const ws = wb.addWorksheet('Sheet1');
		ws.addRow(['Mã hồ sơ', 'Chức danh']).commit();
		ws.addRow(['HS-9', 'Phó Giám đốc']).commit();
		await wb.commit();
		const { rows } = await rowsOf(p, 'xlsx');
		expect(rows).toEqual([{ line: 2, cells: ['HS-9', 'Phó Giám đốc'] }]);
	});

	it('knows which number formats are dates', () => {
		for (const code of ['dd/mm/yyyy', 'd/m/yy h:mm', '[h]:mm:ss', 'yyyy-mm-dd"T"hh:mm:ss'])
			expect(isDateFormatCode(code), code).toBe(true);
		for (const code of ['0.00', '#,##0', '"Số "0', '[Red]0.0', '@'])
			expect(isDateFormatCode(code), code).toBe(false);
	});

	const refusal = async (p: string) => {
		const e = await openTable({ format: 'xlsx', path: p, fileName: 'ky-so.xlsx' })
			.then((t) => collect(t.rows()))
			.then(
				() => null,
				(err: unknown) => err
			);
		expect(e).toBeInstanceOf(AppError);
		expect((e as AppError).code).toBe('IMPORT_FAILED');
		return e as AppError;
	};

	it('refuses a zip bomb posing as a workbook before inflating it', async () => {
		const e = await refusal(file('bomb.xlsx', sharedStreamBomb(32, 48 * 1024 * 1024, xlsxPartName)));
		expect(e.details).toMatchObject({ reason: 'ZIP_OVERLAP', source: 'ky-so.xlsx' });
		expect(e.message).toMatch(/^Tệp "ky-so\.xlsx" bị từ chối: .*chồng lấn/);
	});

	it('refuses a sheet part of ratio 1000:1, a lying CRC-32, and a zip that is no workbook', async () => {
		const sheet = (data: Uint8Array, extra = {}) =>
			buildZip([
				...XLSX_PARTS.map((name) => ({ name, data: Buffer.from('<?xml version="1.0"?><x/>') })),
				{ name: 'xl/worksheets/sheet1.xml', data, ...extra }
			]);
		expect((await refusal(file('ratio.xlsx', sheet(Buffer.alloc(8 * 1024 * 1024))))).details).toMatchObject({
			reason: 'ZIP_RATIO'
		});
		// An honest workbook whose sheet part then declares a wrong CRC-32: refused when the sheet is read.
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('Sheet1').addRow(['Mã hồ sơ']);
		const honest = await readZip(new Uint8Array(await wb.xlsx.writeBuffer()));
		const lying = buildZip(
			honest.entries.map((e) => ({ ...e, ...(e.name === 'xl/worksheets/sheet1.xml' ? { crc: 1234 } : {}) }))
		);
		expect((await refusal(file('crc.xlsx', lying))).details).toMatchObject({ reason: 'ZIP_CRC' });
		expect((await refusal(file('empty.xlsx', new Uint8Array()))).details).toMatchObject({
			reason: 'ZIP_CORRUPT'
		});
		expect(
			(await refusal(file('plain.xlsx', buildZip([{ name: 'a.txt', data: Buffer.from('hi') }])))).details
		).toMatchObject({
			reason: 'XLSX_NOT_WORKBOOK'
		});
	});
});
