// The next-year demand plan (Điều 14): per agency, certificates to issue and to renew, key
// devices to replace and training needs; the method and its inputs on a sheet of their own so
// that a reader can check every figure.
import ExcelJS from 'exceljs';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';

export interface DemandPlanRow {
	code: string;
	name: string;
	activePeople: number;
	postsWithoutCert: number;
	orgWithoutCert: number;
	expectedNewStaff: number;
	toRenew: number;
	tokensToReplace: number;
	trainingNeed: number;
}

export interface DemandPlanMethod {
	/** The day the inventory was read ('YYYY-MM-DD'). */
	asOf: string;
	/** Expected new staff as a share of active staff, e.g. 0.05. */
	newStaffRate: number;
	/** The lines of the method sheet: what, how, the input used. */
	lines: { item: string; method: string; input: string }[];
}

export interface DemandPlanData {
	year: number;
	scopeName: string;
	rows: DemandPlanRow[];
	method: DemandPlanMethod;
}

export const DEMAND_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'name', header: 'Cơ quan, đơn vị', width: 32 },
	{ key: 'activePeople', header: 'Cán bộ đang công tác', width: 11, kind: 'int', total: true },
	{
		key: 'postsWithoutCert',
		header: 'Chức danh chưa có CTS',
		group: 'Cấp mới',
		width: 11,
		kind: 'int',
		total: true
	},
	{
		key: 'orgWithoutCert',
		header: 'CTS tổ chức còn thiếu',
		group: 'Cấp mới',
		width: 11,
		kind: 'int',
		total: true
	},
	{
		key: 'expectedNewStaff',
		header: 'Dự kiến tuyển mới',
		group: 'Cấp mới',
		width: 11,
		kind: 'int',
		total: true
	},
	{ key: 'toIssue', header: 'Cộng cấp mới', group: 'Cấp mới', width: 10, kind: 'int', total: true },
	{ key: 'toRenew', header: 'Gia hạn (hết hạn trong năm)', width: 12, kind: 'int', total: true },
	{ key: 'tokensToReplace', header: 'Thiết bị cần thay thế', width: 11, kind: 'int', total: true },
	{ key: 'trainingNeed', header: 'Nhu cầu tập huấn (lượt người)', width: 12, kind: 'int', total: true }
];

export const DEMAND_SHEETS = { plan: 'Kế hoạch', method: 'Phương pháp' } as const;

export async function renderDemandPlanWorkbook(
	data: DemandPlanData,
	opts: { issuedOn: Date; signerTitle?: string[]; signerName?: string }
): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const head: DocumentHead = {
		title: `KẾ HOẠCH\nNhu cầu chứng thư số, thiết bị lưu khóa và tập huấn năm ${data.year}`,
		subtitle: [
			`Phạm vi: ${data.scopeName}; số liệu chứng thư số đến ngày ${data.method.asOf.split('-').reverse().join('/')}`
		],
		symbol: 'KH-SKHCN',
		issuedOn: opts.issuedOn
	};
	const widths = DEMAND_COLUMNS.map((c) => c.width ?? 10);
	const ws = addOfficialWorksheet(wb, DEMAND_SHEETS.plan, {
		widths,
		head,
		landscape: true,
		tableHeaderRows: 2,
		freezeColumns: 2
	});
	const sheet = new OfficialSheet(ws, widths);
	sheet.writeHead(head);
	await sheet.writeTable(
		DEMAND_COLUMNS,
		data.rows.map((r, i) => ({
			...r,
			stt: i + 1,
			toIssue: r.postsWithoutCert + r.orgWithoutCert + r.expectedNewStaff
		})),
		{ totals: true }
	);
	sheet.paragraph(`Phương pháp tính và số liệu đầu vào: xem trang "${DEMAND_SHEETS.method}".`, {
		italic: true
	});
	sheet.writeFooter({
		recipients: [
			'- Ban Cơ yếu Chính phủ (Cục CTS&BMTT);',
			'- UBND tỉnh (để báo cáo);',
			'- Lưu: VT, P.CNTT&CĐS.'
		],
		signerTitle: opts.signerTitle ?? ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
		signerName: opts.signerName
	});

	const methodHead: DocumentHead = {
		title: `PHƯƠNG PHÁP XÁC ĐỊNH NHU CẦU NĂM ${data.year}`,
		subtitle: ['(Kèm theo Kế hoạch nhu cầu chứng thư số)'],
		symbol: 'KH-SKHCN',
		issuedOn: opts.issuedOn
	};
	const mCols: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'item', header: 'Chỉ tiêu', width: 26 },
		{ key: 'method', header: 'Cách tính', width: 60 },
		{ key: 'input', header: 'Số liệu đầu vào', width: 28 }
	];
	const mWidths = mCols.map((c) => c.width ?? 10);
	const mws = addOfficialWorksheet(wb, DEMAND_SHEETS.method, {
		widths: mWidths,
		head: methodHead,
		tableHeaderRows: 1
	});
	const m = new OfficialSheet(mws, mWidths);
	m.writeHead(methodHead);
	await m.writeTable(
		mCols,
		data.method.lines.map((l, i) => ({ ...l, stt: i + 1 }))
	);
	return wb;
}
