// Real workbooks for the import tests, written with exceljs the way a user fills the downloaded
// template: the template itself is loaded and rows are typed into its sheets.
import ExcelJS from 'exceljs';
import { buildTemplateWorkbook } from '../../../src/lib/server/organisation-import/template-workbook';
import type { ImportKind } from '../../../src/lib/server/organisation-import/types';

export type Cell = ExcelJS.CellValue;

export async function template(kind: ImportKind): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(await buildTemplateWorkbook(kind)) as never);
	return wb;
}

export async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Columns of "Cơ quan": code, name, short name, kind, parent code. */
export type AgencyCells = [Cell, Cell, Cell, Cell, Cell];
/** Columns of "Cán bộ": name, national id, email, agency code, title, title since, status, since. */
export type PersonCells = [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];
/** Columns of "Thuê bao": serial, issuer, holder, holder id, agency code, device serial, device kind, date. */
export type SubscriberCells = [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

export async function organisationFile(
	agencies: AgencyCells[],
	people: PersonCells[],
	edit?: (wb: ExcelJS.Workbook) => void
): Promise<Uint8Array> {
	const wb = await template('organisation');
	for (const r of agencies) wb.getWorksheet('Cơ quan')!.addRow(r);
	for (const r of people) wb.getWorksheet('Cán bộ')!.addRow(r);
	edit?.(wb);
	return bytesOf(wb);
}

export async function subscriberFile(
	rows: SubscriberCells[],
	edit?: (wb: ExcelJS.Workbook) => void
): Promise<Uint8Array> {
	const wb = await template('subscribers');
	for (const r of rows) wb.getWorksheet('Thuê bao')!.addRow(r);
	edit?.(wb);
	return bytesOf(wb);
}

/** A date cell as Excel stores it: the day at 00:00 UTC. */
export const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** The small province every test starts from: a province, two departments, units, a ward. */
export const PROVINCE_AGENCIES: AgencyCells[] = [
	['DT', 'Ủy ban nhân dân tỉnh Đồng Tháp thử', 'UBND tỉnh', 'Tỉnh', null],
	['SYT', 'Sở Y tế', null, 'Sở, ban, ngành', 'DT'],
	['BVDK', 'Bệnh viện Đa khoa', 'BVĐK', 'Đơn vị trực thuộc', 'SYT'],
	['CDC', 'Trung tâm Kiểm soát bệnh tật', null, 'Đơn vị trực thuộc', 'SYT'],
	['SKHCN', 'Sở Khoa học và Công nghệ', 'Sở KH&CN', 'Sở, ban, ngành', 'DT'],
	['P-CAOLANH', 'Ủy ban nhân dân phường Cao Lãnh', 'UBND phường Cao Lãnh', 'Phường', 'DT']
];

export const PROVINCE_PEOPLE: PersonCells[] = [
	[
		'Nguyễn Văn Hùng',
		'082000000001',
		'nvhung@syt.dongthap.gov.vn',
		'SYT',
		'Giám đốc',
		day(2023, 1, 2),
		'Đang công tác',
		null
	],
	['Trần Thị Lan', '082000000002', null, 'SYT', 'Văn thư', '01/06/2022', 'Đang công tác', null],
	[
		'Lê Minh Tâm',
		'082000000003',
		'lmtam@bvdk.dongthap.gov.vn',
		'BVDK',
		'Giám đốc bệnh viện',
		'15/03/2021',
		null,
		null
	],
	['Phạm Thị Hoa', '082000000004', null, 'SKHCN', 'Phó Giám đốc', '01/01/2020', 'Nghỉ hưu', '30/06/2026'],
	[
		'Võ Thành Nam',
		'087000000005',
		null,
		'P-CAOLANH',
		'Chủ tịch UBND',
		'10/07/2025',
		'Đang công tác',
		'10/07/2025'
	]
];
