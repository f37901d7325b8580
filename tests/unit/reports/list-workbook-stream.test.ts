// The streaming list writer: every row arrives, totals are formulas with cached values, the
// official head is there, formula-like text stays text, and the print setup is A4 fit-to-width.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { streamListExport } from '../../../src/lib/reports/list-workbook';
import type { CellInput } from '../../../src/lib/reports/cells';

async function collect(rows: Record<string, CellInput>[]): Promise<{ n: number; buf: Buffer }> {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const n = await streamListExport(
		out,
		{
			title: 'Danh sách thử',
			filterLines: ['Tình trạng: Đang sử dụng'],
			columns: [
				{ key: 'name', header: 'Tên', width: 30 },
				{ key: 'n', header: 'Số lượng', kind: 'int', total: true },
				{ key: 'at', header: 'Ngày', kind: 'date' }
			],
			issuedOn: new Date('2026-11-25T03:00:00Z')
		},
		(async function* () {
			yield* rows;
		})()
	);
	return { n, buf: Buffer.concat(chunks) };
}

describe('streamListExport', () => {
	it('writes every row, a SUM total with its cached value, and keeps formula-like text as text', async () => {
		const rows = Array.from({ length: 2500 }, (_, i) => ({
			name: i === 7 ? '=cmd|"/C calc"!A0' : `Dòng ${i}`,
			n: i,
			at: '2026-11-20'
		}));
		const { n, buf } = await collect(rows);
		expect(n).toBe(2500);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(buf as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		const values: ExcelJS.Cell[] = [];
		ws.eachRow((r) => r.eachCell((c) => values.push(c)));
		expect(values.some((c) => c.value === 'UBND TỈNH ĐỒNG THÁP')).toBe(true);
		expect(values.some((c) => c.value === 'Độc lập - Tự do - Hạnh phúc')).toBe(true);
		expect(values.some((c) => c.value === 'Đồng Tháp, ngày 25 tháng 11 năm 2026')).toBe(true);
		const evil = values.find((c) => c.value === '=cmd|"/C calc"!A0')!;
		expect(evil.type).toBe(ExcelJS.ValueType.String);
		const total = values.find((c) => c.formula?.startsWith('SUM('))!;
		expect(total.result).toBe((2499 * 2500) / 2);
		expect(ws.pageSetup.paperSize).toBe(9);
		expect(ws.pageSetup.fitToWidth).toBe(1);
		expect(ws.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/);
		expect(ws.views[0]).toMatchObject({ state: 'frozen' });
		expect(ws.autoFilter).toBeTruthy();
		expect(evil.font?.name).toBe('Times New Roman');
	});
});

describe('streamListExport with pages and a slow reader', () => {
	it('numbers the rows across pages and finishes when the output drains slowly', async () => {
		const chunks: Buffer[] = [];
		let maxInFlight = 0;
		// A disk that takes a millisecond per chunk: the writer has to wait for it.
		const out = new Writable({
			highWaterMark: 16 * 1024,
			write(chunk: Buffer, _enc, done) {
				chunks.push(chunk);
				maxInFlight = Math.max(maxInFlight, out.writableLength);
				setTimeout(done, 1);
			}
		});
		const pages = (async function* () {
			for (let p = 0; p < 6; p++)
				yield Array.from({ length: 1000 }, (_, i) => ({ name: `Trang ${p} dòng ${i}`, __stt: 'ignored' }));
		})();
		const n = await streamListExport(
			out,
			{
				title: 'Danh sách thử',
				filterLines: [],
				columns: [{ key: 'name', header: 'Tên', width: 30 }],
				issuedOn: new Date('2026-11-25T03:00:00Z')
			},
			pages
		);
		await finished(out);
		expect(n).toBe(6000);
		expect(maxInFlight).toBeLessThan(1 << 20);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		const numbers: number[] = [];
		ws.eachRow((r) => {
			const v = r.getCell(1).value;
			if (typeof v === 'number') numbers.push(v);
		});
		expect(numbers).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
		const texts: unknown[] = [];
		ws.eachRow((r) => texts.push(r.getCell(1).value));
		expect(texts).toContain('Tổng số: 6000 dòng.');
	});
});

describe('streamListExport when the output fails', () => {
	const spec = {
		title: 'Danh sách thử',
		filterLines: [],
		columns: [{ key: 'name', header: 'Tên', width: 30 }],
		issuedOn: new Date('2026-11-25T03:00:00Z')
	};
	const rows = (n: number) =>
		Array.from({ length: n }, (_, i) => ({ name: `Dòng số ${i} ${'x'.repeat(40)}` }));

	it('rejects with the file error instead of waiting forever (missing folder), small and large', async () => {
		for (const n of [10, 20_000]) {
			const out = createWriteStream(path.join(tmpdir(), 'kiemky-khong-co-thu-muc', `x-${n}.xlsx`));
			await expect(streamListExport(out, spec, rows(n))).rejects.toMatchObject({ code: 'ENOENT' });
		}
	});

	it('rejects with the error of an output that fails midway (disk full)', async () => {
		let written = 0;
		const out = new Writable({
			write(chunk: Buffer, _enc, cb) {
				written += chunk.length;
				cb(
					written > 64 << 10 ? Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }) : null
				);
			}
		});
		await expect(streamListExport(out, spec, rows(50_000))).rejects.toMatchObject({ code: 'ENOSPC' });
	});
});
