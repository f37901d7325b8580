// The list of certificates expiring in a period (Điều 10: renew before expiry), with whether a
// renewal request is already filed, for agencies to act on.
import ExcelJS from 'exceljs';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';
import { periodLine, periodPhrase, type ReportPeriod } from './period';
import { viLabel } from '../i18n/values';

export interface ExpiryRow {
	agency: string;
	subject: string;
	kind: string;
	serial: string;
	notAfter: Date;
	status: string;
	tokenSerial: string | null;
	renewalRequested: boolean;
}

export interface ExpiryReportData {
	period: ReportPeriod;
	scopeName: string;
	rows: ExpiryRow[];
}

export const EXPIRY_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'agency', header: 'Cơ quan, đơn vị', width: 30 },
	{ key: 'subject', header: 'Tên thuê bao', width: 32 },
	{ key: 'kind', header: 'Loại', width: 10 },
	{ key: 'serial', header: 'Số hiệu chứng thư', width: 26 },
	{ key: 'tokenSerial', header: 'Thiết bị', width: 16 },
	{ key: 'notAfter', header: 'Ngày hết hạn', width: 12, kind: 'date' },
	{ key: 'status', header: 'Tình trạng', width: 14 },
	{ key: 'renewal', header: 'Đã đề nghị gia hạn', width: 12 }
];

export async function renderExpiryWorkbook(
	data: ExpiryReportData,
	opts: { issuedOn: Date; signerTitle?: string[]; signerName?: string }
): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const head: DocumentHead = {
		title: `DANH SÁCH CHỨNG THƯ SỐ HẾT HẠN ${periodPhrase(data.period).toUpperCase()}`,
		subtitle: [periodLine(data.period), `Phạm vi: ${data.scopeName}`],
		symbol: 'DS-SKHCN',
		issuedOn: opts.issuedOn
	};
	const widths = EXPIRY_COLUMNS.map((c) => c.width ?? 12);
	const ws = addOfficialWorksheet(wb, 'Hết hạn', { widths, head, landscape: true, tableHeaderRows: 1 });
	const sheet = new OfficialSheet(ws, widths);
	sheet.writeHead(head);
	await sheet.writeTable(
		EXPIRY_COLUMNS,
		data.rows.map((r, i) => ({
			...r,
			stt: i + 1,
			kind: viLabel('certKind', r.kind),
			status: viLabel('certStatus', r.status),
			renewal: r.renewalRequested ? 'Có' : 'Chưa'
		}))
	);
	sheet.paragraph(`Tổng số: ${data.rows.length} chứng thư số.`, { italic: true });
	sheet.writeFooter({
		recipients: ['- Các cơ quan, đơn vị có tên trong danh sách;', '- Lưu: VT, P.CNTT&CĐS.'],
		signerTitle: opts.signerTitle ?? ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
		signerName: opts.signerName
	});
	return wb;
}
