// The template workbooks offered on the import page and by `kiem-ky import template`: one sheet
// per template sheet with its Vietnamese headers, text-formatted columns (so a citizen id keeps
// its leading 0 and a serial is not turned into a rounded number), date columns as dd/mm/yyyy,
// drop-down lists for the list columns, and an instructions sheet. Empty: nothing to delete
// before filling it in.
import ExcelJS from 'exceljs';
import {
	AGENCY_KIND_WORDS,
	DEVICE_KIND_WORDS,
	ORGANISATION_SHEETS,
	PERSON_STATUS_WORDS,
	SUBSCRIBER_SHEETS,
	type SheetSpec,
	type Vocabulary
} from './templates';
import type { ImportKind } from './types';

type WithValidations = { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };

const FONT = { name: 'Times New Roman', size: 12 };
const LIST_SHEET = 'Danh mục';
/** Rows the drop-down lists cover: a province's staff fits. */
const LIST_ROWS = 3000;

const LISTS: Record<string, { title: string; words: Vocabulary<string>[] }> = {
	kind: { title: 'Loại cơ quan', words: AGENCY_KIND_WORDS },
	status: { title: 'Trạng thái', words: PERSON_STATUS_WORDS },
	deviceKind: { title: 'Loại thiết bị', words: DEVICE_KIND_WORDS }
};

function addDataSheet(wb: ExcelJS.Workbook, spec: SheetSpec): void {
	const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
	spec.columns.forEach((c, i) => {
		const column = ws.getColumn(i + 1);
		column.width = c.width;
		column.numFmt = c.format === 'date' ? 'dd/mm/yyyy' : '@';
		column.font = FONT;
		const head = ws.getCell(1, i + 1);
		head.value = c.header;
		head.font = { ...FONT, bold: true };
		head.numFmt = '@';
		head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
		head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
		head.note = c.note;
	});
	ws.getRow(1).height = 32;
}

function addListSheet(wb: ExcelJS.Workbook, keys: string[]): Map<string, string> {
	const ws = wb.addWorksheet(LIST_SHEET);
	const refs = new Map<string, string>();
	keys.forEach((key, i) => {
		const { title, words } = LISTS[key]!;
		const column = ws.getColumn(i + 1);
		column.width = 24;
		column.numFmt = '@';
		ws.getCell(1, i + 1).value = title;
		ws.getCell(1, i + 1).font = { ...FONT, bold: true };
		words.forEach((w, j) => (ws.getCell(j + 2, i + 1).value = w.label));
		refs.set(key, `'${LIST_SHEET}'!$${column.letter}$2:$${column.letter}$${words.length + 1}`);
	});
	return refs;
}

function addInstructions(wb: ExcelJS.Workbook, kind: ImportKind, sheets: readonly SheetSpec[]): void {
	const ws = wb.addWorksheet('Hướng dẫn');
	ws.getColumn(1).width = 14;
	ws.getColumn(2).width = 28;
	ws.getColumn(3).width = 90;
	const intro =
		kind === 'organisation'
			? 'Sơ đồ tổ chức: các cơ quan, đơn vị (trang "Cơ quan") và cán bộ với chức danh, trạng thái (trang "Cán bộ"). Nhập lại cùng tệp không thay đổi gì; cơ quan, cán bộ không có trong tệp chỉ được báo, không bị xóa.'
			: 'Danh sách thuê bao của CA: mỗi dòng là một chứng thư (đã có trong kho) với người giữ, cơ quan quản lý và thiết bị lưu khóa. Nhập sơ đồ tổ chức trước để có cán bộ và cơ quan.';
	ws.addRow(['Kiểm Ký — mẫu nhập dữ liệu']).font = { ...FONT, bold: true, size: 14 };
	ws.addRow([intro]).font = FONT;
	ws.mergeCells(2, 1, 2, 3);
	ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
	ws.getRow(2).height = 48;
	ws.addRow([
		'Không dùng công thức; ngày ghi dd/MM/yyyy (ví dụ 05/03/2026) hoặc ô kiểu ngày; số định danh và số hiệu nhập dạng văn bản.'
	]).font = FONT;
	ws.addRow([]);
	ws.addRow(['Trang', 'Cột', 'Cách ghi']).font = { ...FONT, bold: true };
	for (const s of sheets)
		for (const c of s.columns) {
			const row = ws.addRow([s.name, c.header, c.note]);
			row.font = FONT;
			row.alignment = { wrapText: true, vertical: 'top' };
		}
}

export async function buildTemplateWorkbook(kind: ImportKind): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const sheets = kind === 'organisation' ? ORGANISATION_SHEETS : SUBSCRIBER_SHEETS;
	const listKeys = sheets.flatMap((s) => s.columns.map((c) => c.key)).filter((k) => LISTS[k]);
	// Data sheets first, so Excel opens on the first of them; the lists they point to come after.
	for (const s of sheets) addDataSheet(wb, s);
	const refs = addListSheet(wb, listKeys);
	for (const s of sheets) {
		const ws = wb.getWorksheet(s.name)!;
		s.columns.forEach((c, i) => {
			const ref = refs.get(c.key);
			if (!ref) return;
			const letter = ws.getColumn(i + 1).letter;
			// exceljs writes range-keyed validations as one sqref but does not declare `dataValidations`.
			(ws as unknown as WithValidations).dataValidations.add(`${letter}2:${letter}${LIST_ROWS}`, {
				type: 'list',
				allowBlank: true,
				formulae: [ref],
				showErrorMessage: true,
				errorTitle: c.header,
				error: 'Chọn một giá trị trong danh sách.'
			});
		});
	}
	addInstructions(wb, kind, sheets);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const templateFileName = (kind: ImportKind) =>
	kind === 'organisation' ? 'mau-so-do-to-chuc.xlsx' : 'mau-danh-sach-thue-bao.xlsx';
