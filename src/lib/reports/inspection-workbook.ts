// The inspection report of one agency (Điều 14.3, 15.2): key figures, its certificate and
// device inventory, the findings with the article each breaks, and the follow-up record.
import ExcelJS from 'exceljs';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';
import { writeListSheet } from './usage-workbook';
import { formatDate } from '../time/vietnam';
import { DEVICE_KINDS } from '../domain/devices';
import { FINDING_KINDS, FINDING_KIND_NAMES } from '../domain/findings';
import { viLabel } from '../i18n/values';

export interface InspectionReportData {
	agency: { code: string; name: string };
	asOf: Date;
	certificates: {
		subject: string;
		kind: string;
		serial: string;
		notBefore: Date;
		notAfter: Date;
		status: string;
		holder: string | null;
		tokenSerial: string | null;
	}[];
	tokens: {
		serial: string;
		deviceType: string;
		model: string | null;
		status: string;
		holder: string | null;
	}[];
	findings: {
		id: number;
		firstSeenAt: Date;
		kind: string;
		severity: string;
		legalBasis: string;
		summary: string;
		status: string;
		resolvedAt: Date | null;
		resolutionNote: string | null;
	}[];
	inspections: {
		startedOn: string;
		endedOn: string | null;
		title: string;
		decisionNumber: string | null;
		status: string;
		summary: string | null;
		followUp: string | null;
	}[];
	/** The newest daily checkpoint of the audit log, printed so a later rewrite shows against paper. */
	auditCheckpoint?: { day: string; seq: number; hash: string } | null;
}

export const INSPECTION_SHEETS = {
	summary: 'Báo cáo',
	certificates: 'PL1 Chứng thư số',
	tokens: 'PL2 Thiết bị',
	findings: 'PL3 Vi phạm',
	followUp: 'PL4 Khắc phục'
} as const;

export async function renderInspectionWorkbook(
	data: InspectionReportData,
	opts: { issuedOn: Date; signerTitle?: string[]; signerName?: string }
): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const asOf = formatDate(data.asOf);
	const scope = `Cơ quan, đơn vị: ${data.agency.name} (${data.agency.code}) và các đơn vị trực thuộc; số liệu đến ngày ${asOf}`;
	const head: DocumentHead = {
		title: `BÁO CÁO\nKết quả kiểm tra việc quản lý, sử dụng chữ ký số chuyên dùng công vụ tại ${data.agency.name}`,
		subtitle: [scope],
		issuedOn: opts.issuedOn
	};
	const appendix = (title: string): DocumentHead => ({ title, subtitle: [scope], issuedOn: opts.issuedOn });

	const widths = [6, 46, 14, 34];
	const s = new OfficialSheet(addOfficialWorksheet(wb, INSPECTION_SHEETS.summary, { widths, head }), widths);
	s.writeHead(head);
	s.paragraph('I. SỐ LIỆU CHÍNH', { bold: true });
	const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
	const lines: [string, number, string][] = [
		['Chứng thư số đang sử dụng', count(data.certificates, (c) => c.status === 'active'), 'Phụ lục 1'],
		[
			'Chứng thư số hết hạn, thu hồi, thay thế',
			count(data.certificates, (c) => c.status !== 'active'),
			'Phụ lục 1'
		],
		['Thiết bị lưu khóa bí mật', data.tokens.length, 'Phụ lục 2'],
		...DEVICE_KINDS.map((kind): [string, number, string] => [
			`Trong đó: ${viLabel('deviceType', kind)}`,
			count(data.tokens, (t) => t.deviceType === kind),
			'Phụ lục 2'
		]).filter(([, n]) => n > 0),
		[
			'Thiết bị bị mất, hỏng, khóa',
			count(data.tokens, (t) => ['lost', 'damaged', 'locked'].includes(t.status)),
			'Phụ lục 2'
		],
		['Vi phạm phát hiện', data.findings.length, 'Phụ lục 3'],
		// By kind, in the catalogue's order, with the article each breaks.
		...FINDING_KIND_NAMES.map((kind): [string, number, string] => [
			`Trong đó: ${viLabel('findingKind', kind)} (${FINDING_KINDS[kind].legalBasis})`,
			count(data.findings, (f) => f.kind === kind),
			'Phụ lục 3'
		]).filter(([, n]) => n > 0),
		[
			'Vi phạm nghiêm trọng, cao',
			count(data.findings, (f) => f.severity === 'critical' || f.severity === 'high'),
			'Phụ lục 3'
		],
		['Vi phạm chưa khắc phục', count(data.findings, (f) => f.status !== 'resolved'), 'Phụ lục 3'],
		['Cuộc thanh tra, kiểm tra', data.inspections.length, 'Phụ lục 4']
	];
	await s.writeTable(
		[
			{ key: 'stt', header: 'STT', kind: 'int' },
			{ key: 'item', header: 'Chỉ tiêu' },
			{ key: 'value', header: 'Số lượng', kind: 'int' },
			{ key: 'note', header: 'Ghi chú' }
		],
		lines.map(([item, value, note], i) => ({ stt: i + 1, item, value, note }))
	);
	s.blank();
	s.paragraph('II. KẾT LUẬN VÀ KIẾN NGHỊ', { bold: true });
	const last = data.inspections[0];
	s.paragraph(last?.summary?.trim() || 'Chưa có kết luận.');
	if (last?.followUp) s.paragraph(`Yêu cầu khắc phục: ${last.followUp}`);
	if (data.auditCheckpoint) {
		const cp = data.auditCheckpoint;
		s.paragraph(
			`Điểm kiểm tra nhật ký hệ thống ngày ${cp.day.split('-').reverse().join('/')}: mục số ${cp.seq}, mã băm SHA-256 ${cp.hash}.`
		);
	}
	s.writeFooter({
		recipients: [`- ${data.agency.name};`, '- Giám đốc, các Phó Giám đốc Sở;', '- Lưu: VT, Thanh tra Sở.'],
		signerTitle: opts.signerTitle ?? ['TRƯỞNG ĐOÀN KIỂM TRA'],
		signerName: opts.signerName
	});

	const certCols: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'subject', header: 'Tên thuê bao', width: 32 },
		{ key: 'kind', header: 'Loại', width: 10 },
		{ key: 'holder', header: 'Người giữ', width: 22 },
		{ key: 'serial', header: 'Số hiệu', width: 24 },
		{ key: 'tokenSerial', header: 'Thiết bị', width: 14 },
		{ key: 'notBefore', header: 'Hiệu lực từ', width: 12, kind: 'date' },
		{ key: 'notAfter', header: 'Hết hạn', width: 12, kind: 'date' },
		{ key: 'status', header: 'Tình trạng', width: 13 }
	];
	await writeListSheet(
		wb,
		INSPECTION_SHEETS.certificates,
		appendix('PHỤ LỤC 1. DANH MỤC CHỨNG THƯ SỐ'),
		certCols,
		data.certificates.map((c, i) => ({
			...c,
			stt: i + 1,
			kind: viLabel('certKind', c.kind),
			status: viLabel('certStatus', c.status)
		})),
		false
	);
	const tokenCols: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'serial', header: 'Số hiệu thiết bị', width: 20 },
		{ key: 'deviceType', header: 'Loại', width: 22 },
		{ key: 'model', header: 'Chủng loại', width: 20 },
		{ key: 'holder', header: 'Người giữ', width: 26 },
		{ key: 'status', header: 'Tình trạng', width: 14 }
	];
	await writeListSheet(
		wb,
		INSPECTION_SHEETS.tokens,
		appendix('PHỤ LỤC 2. THIẾT BỊ LƯU KHÓA BÍ MẬT'),
		tokenCols,
		data.tokens.map((t, i) => ({
			...t,
			stt: i + 1,
			deviceType: viLabel('deviceType', t.deviceType),
			status: viLabel('tokenStatus', t.status)
		})),
		false,
		{ landscape: false }
	);
	const findingCols: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'firstSeenAt', header: 'Ngày phát hiện', width: 12, kind: 'date' },
		{ key: 'kind', header: 'Vi phạm', width: 30 },
		{ key: 'legalBasis', header: 'Căn cứ', width: 22 },
		{ key: 'severity', header: 'Mức độ', width: 12 },
		{ key: 'summary', header: 'Nội dung', width: 44 },
		{ key: 'status', header: 'Tình trạng', width: 13 }
	];
	await writeListSheet(
		wb,
		INSPECTION_SHEETS.findings,
		appendix('PHỤ LỤC 3. VI PHẠM PHÁT HIỆN'),
		findingCols,
		data.findings.map((f, i) => ({
			...f,
			stt: i + 1,
			kind: viLabel('findingKind', f.kind),
			severity: viLabel('severity', f.severity),
			status: viLabel('findingStatus', f.status)
		})),
		false
	);
	const followCols: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'what', header: 'Nội dung', width: 40 },
		{ key: 'date', header: 'Ngày', width: 12, kind: 'date' },
		{ key: 'status', header: 'Tình trạng', width: 14 },
		{ key: 'note', header: 'Kết quả khắc phục, ghi chú', width: 50 }
	];
	const follow = [
		...data.inspections.map((x) => ({
			what: `${x.title}${x.decisionNumber ? ` (QĐ ${x.decisionNumber})` : ''}`,
			date: x.startedOn,
			status: viLabel('inspectionStatus', x.status),
			note: x.followUp ?? ''
		})),
		...data.findings
			.filter((f) => f.status === 'resolved')
			.map((f) => ({
				what: `Khắc phục: ${viLabel('findingKind', f.kind)}`,
				date: f.resolvedAt,
				status: viLabel('findingStatus', f.status),
				note: f.resolutionNote ?? ''
			}))
	];
	await writeListSheet(
		wb,
		INSPECTION_SHEETS.followUp,
		appendix('PHỤ LỤC 4. THEO DÕI KHẮC PHỤC'),
		followCols,
		follow.map((r, i) => ({ ...r, stt: i + 1 })),
		false
	);
	return wb;
}
