// The XLSX guard: hostile workbooks are refused before exceljs inflates them (an xlsx-named zip bomb, a sheet
// part of ratio 1000:1, a wrong CRC-32, a zip that is no workbook, bytes that are no zip); an honest workbook loads.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors';
import { checkXlsxArchive, readXlsxSafely } from '../../../src/lib/server/import/xlsx-guard';
import {
	buildZip,
	sharedStreamBomb,
	XLSX_PARTS,
	xlsxPartName
} from '../../../src/lib/pki/testing/hostile-archives';

async function refusal(p: Promise<unknown>): Promise<AppError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e, 'the workbook should have been refused').toBeInstanceOf(AppError);
	expect((e as AppError).code).toBe('IMPORT_FAILED');
	expect((e as AppError).status).toBe(400);
	return e as AppError;
}

async function honestWorkbook(): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Cơ quan');
	ws.addRow(['Mã', 'Tên cơ quan']);
	ws.addRow(['SYT', 'Sở Y tế']);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const parts = (sheet: Uint8Array, extra: Partial<Record<string, unknown>> = {}) =>
	XLSX_PARTS.map((name) => ({ name, data: Buffer.from('<?xml version="1.0"?><x/>') }))
		.concat([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) }])
		.map((p) => ({ ...p, ...(p.name === 'xl/worksheets/sheet1.xml' ? extra : {}) }));

describe('checkXlsxArchive and readXlsxSafely', () => {
	it('loads an honest workbook', async () => {
		const bytes = await honestWorkbook();
		await expect(checkXlsxArchive(bytes)).resolves.toBeUndefined();
		const wb = await readXlsxSafely(bytes, { fileName: 'co-quan.xlsx' });
		expect(wb.getWorksheet('Cơ quan')!.getCell('B2').value).toBe('Sở Y tế');
	});

	it('refuses an xlsx-named zip bomb (parts sharing one stream) before exceljs sees it', async () => {
		const bomb = sharedStreamBomb(32, 48 * 1024 * 1024, xlsxPartName);
		const e = await refusal(readXlsxSafely(bomb, { fileName: 'co-quan.xlsx' }));
		expect(e.details).toMatchObject({ reason: 'ZIP_OVERLAP', source: 'co-quan.xlsx' });
		expect(e.message).toContain('"co-quan.xlsx"');
		expect(e.message).toContain('chồng lấn');
	});

	it('refuses a sheet part that inflates 1000:1, naming the part', async () => {
		const z = buildZip(parts(Buffer.alloc(20 * 1024 * 1024, 0x20)));
		const e = await refusal(checkXlsxArchive(z, { fileName: 'bom.xlsx' }));
		expect(e.details).toMatchObject({ reason: 'ZIP_RATIO', entry: 'xl/worksheets/sheet1.xml' });
		expect(e.message).toContain('"xl/worksheets/sheet1.xml"');
	});

	it('refuses a workbook past the total size the caller allows', async () => {
		const bytes = await honestWorkbook();
		const e = await refusal(checkXlsxArchive(bytes, { limits: { maxTotalBytes: 1000 } }));
		expect(e.details).toMatchObject({ reason: 'ZIP_TOO_LARGE' });
	});

	it('refuses a part whose CRC-32 does not match', async () => {
		const z = buildZip(parts(Buffer.from('<worksheet/>'), { crc: 99 }));
		const e = await refusal(checkXlsxArchive(z));
		expect(e.details).toMatchObject({ reason: 'ZIP_CRC', entry: 'xl/worksheets/sheet1.xml' });
	});

	it('refuses a zip that is not a workbook, and bytes that are not a zip', async () => {
		const notWorkbook = buildZip([{ name: 'a.txt', data: Buffer.from('xin chào') }]);
		const e = await refusal(checkXlsxArchive(notWorkbook, { fileName: 'a.xlsx' }));
		expect(e.details).toMatchObject({ reason: 'XLSX_NOT_WORKBOOK' });
		expect(e.message).toContain('[Content_Types].xml');
		const e2 = await refusal(readXlsxSafely(new Uint8Array(Buffer.from('Mã,Tên\nSYT,Sở Y tế\n'))));
		expect(e2.details).toMatchObject({ reason: 'XLSX_NOT_WORKBOOK' });
	});

	it('turns a workbook exceljs cannot parse into an AppError, not a crash', async () => {
		const z = buildZip(XLSX_PARTS.map((name) => ({ name, data: Buffer.from('<not xml') })));
		const e = await refusal(readXlsxSafely(z));
		expect(e.details).toMatchObject({ reason: 'XLSX_UNREADABLE' });
	});
});
