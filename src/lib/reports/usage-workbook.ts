// The periodic report on the management and use of specialised public-service digital
// signatures (Điều 14.4), for UBND Tỉnh, Bộ KH&CN or Ban Cơ yếu Chính phủ: a summary sheet
// whose figures are formulas on the appendix totals, the appendix by agency, findings by
// article, inspections and trainings, and (for the CA) the certificates revoked in the period.
import ExcelJS from 'exceljs';
import { addOfficialWorksheet, OfficialSheet, type DocumentHead, type TableColumn } from './official-layout';
import { periodLine, periodPhrase, type ReportPeriod } from './period';
import { RECIPIENT_INFO } from './recipients';
import type { Recipient } from '../domain/reports';
import { CHANNELS, type Channel } from '../domain/signing';
import { SEVERITIES } from '../domain/findings';
import { viLabel } from '../i18n/values';
import { TrustedFormula, type CellInput } from './cells';

export interface UsageUnitRow {
	unitId: number;
	code: string;
	name: string;
	orgInUse: number;
	indInUse: number;
	issued: number;
	renewed: number;
	changed: number;
	revoked: number;
	recovered: number;
	signed: Record<Channel, number>;
	incomingInvalid: number;
	archiveFailed: number;
	findings: number;
	inspections: number;
	trainings: number;
	trainees: number;
}

export interface FindingsByArticleRow {
	legalBasis: string;
	kind: string;
	low: number;
	medium: number;
	high: number;
	critical: number;
	open: number;
}

export interface UsageReportData {
	period: ReportPeriod;
	/** The agency the report covers ("toàn tỉnh" or one agency's name). */
	scopeName: string;
	units: UsageUnitRow[];
	findingsByArticle: FindingsByArticleRow[];
	inspections: {
		startedOn: string;
		endedOn: string | null;
		agency: string;
		title: string;
		decisionNumber: string | null;
		status: string;
	}[];
	trainings: { heldOn: string; title: string; agency: string; participants: number; topic: string | null }[];
	revocations: {
		revokedAt: Date;
		agency: string;
		subject: string;
		serial: string;
		kind: string;
		reason: string | null;
	}[];
}

export interface UsageRenderOptions {
	recipient: Recipient;
	issuedOn: Date;
	problems?: string;
	proposals?: string;
	signerTitle?: string[];
	signerName?: string;
}

const UNIT_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'name', header: 'Cơ quan, đơn vị', width: 30 },
	{
		key: 'orgInUse',
		header: viLabel('certKind', 'organisation'),
		group: 'Chứng thư số đang sử dụng',
		width: 9,
		kind: 'int',
		total: true
	},
	{
		key: 'indInUse',
		header: viLabel('certKind', 'individual'),
		group: 'Chứng thư số đang sử dụng',
		width: 9,
		kind: 'int',
		total: true
	},
	{ key: 'issued', header: 'Cấp mới', group: 'Biến động trong kỳ', width: 8, kind: 'int', total: true },
	{ key: 'renewed', header: 'Gia hạn', group: 'Biến động trong kỳ', width: 8, kind: 'int', total: true },
	{
		key: 'changed',
		header: 'Thay đổi thông tin',
		group: 'Biến động trong kỳ',
		width: 9,
		kind: 'int',
		total: true
	},
	{ key: 'revoked', header: 'Thu hồi', group: 'Biến động trong kỳ', width: 8, kind: 'int', total: true },
	{
		key: 'recovered',
		header: 'Khôi phục thiết bị',
		group: 'Biến động trong kỳ',
		width: 9,
		kind: 'int',
		total: true
	},
	...CHANNELS.map((ch): TableColumn => ({
		key: `signed_${ch}`,
		header: viLabel('channel', ch),
		group: 'Văn bản ký số theo kênh',
		width: 10,
		kind: 'int',
		total: true
	})),
	{
		key: 'signedTotal',
		header: 'Tổng số',
		group: 'Văn bản ký số theo kênh',
		width: 10,
		kind: 'int',
		total: true
	},
	{
		key: 'incomingInvalid',
		header: 'Văn bản đến không hợp lệ',
		group: 'Kiểm tra chữ ký',
		width: 10,
		kind: 'int',
		total: true
	},
	{
		key: 'archiveFailed',
		header: 'Lưu trữ không đạt',
		group: 'Kiểm tra chữ ký',
		width: 10,
		kind: 'int',
		total: true
	},
	{ key: 'findings', header: 'Cảnh báo phát sinh', width: 9, kind: 'int', total: true },
	{ key: 'inspections', header: 'Thanh tra, kiểm tra', width: 9, kind: 'int', total: true },
	{ key: 'trainings', header: 'Lớp', group: 'Tập huấn', width: 7, kind: 'int', total: true },
	{ key: 'trainees', header: 'Lượt người', group: 'Tập huấn', width: 8, kind: 'int', total: true }
];

export function unitRowCells(u: UsageUnitRow, i: number): Record<string, CellInput> {
	const signedTotal = CHANNELS.reduce((s, ch) => s + u.signed[ch], 0);
	return {
		...u,
		stt: i + 1,
		...Object.fromEntries(CHANNELS.map((ch) => [`signed_${ch}`, u.signed[ch]])),
		signedTotal
	};
}

/** The summary lines: label and the appendix column whose total they show. */
const SUMMARY_LINES: [string, string][] = [
	['Chứng thư số của tổ chức đang sử dụng (cuối kỳ)', 'orgInUse'],
	['Chứng thư số của cá nhân đang sử dụng (cuối kỳ)', 'indInUse'],
	['Chứng thư số cấp mới trong kỳ', 'issued'],
	['Chứng thư số gia hạn trong kỳ', 'renewed'],
	['Chứng thư số thay đổi nội dung thông tin', 'changed'],
	['Chứng thư số thu hồi', 'revoked'],
	['Thiết bị lưu khóa bí mật được khôi phục', 'recovered'],
	...CHANNELS.map((ch): [string, string] => [`Văn bản ký số qua ${viLabel('channel', ch)}`, `signed_${ch}`]),
	['Tổng số văn bản ký số', 'signedTotal'],
	['Văn bản đến có chữ ký không hợp lệ', 'incomingInvalid'],
	['Văn bản lưu trữ kiểm tra lại không đạt', 'archiveFailed'],
	['Cảnh báo vi phạm phát sinh', 'findings'],
	['Cuộc thanh tra, kiểm tra', 'inspections'],
	['Lớp tập huấn', 'trainings'],
	['Lượt người được tập huấn', 'trainees']
];

export const USAGE_SHEETS = {
	summary: 'Báo cáo',
	units: 'PL1 Theo cơ quan',
	articles: 'PL2 Theo điều khoản',
	inspections: 'PL3 Thanh tra',
	trainings: 'PL4 Tập huấn',
	revocations: 'PL5 Thu hồi'
} as const;

export async function renderUsageWorkbook(
	data: UsageReportData,
	opts: UsageRenderOptions
): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	const info = RECIPIENT_INFO[opts.recipient];
	const title = `BÁO CÁO\nTình hình quản lý, sử dụng chữ ký số chuyên dùng công vụ ${periodPhrase(data.period)}`;
	const period = periodLine(data.period);
	const scope = `Phạm vi: ${data.scopeName}`;
	const mainHead: DocumentHead = {
		title,
		subtitle: [period, scope],
		addressee: info.addressee,
		issuedOn: opts.issuedOn
	};
	const appendix = (t: string): DocumentHead => ({
		title: t,
		subtitle: [
			`(Kèm theo Báo cáo về tình hình quản lý, sử dụng chữ ký số ${periodPhrase(data.period)})`,
			scope
		],
		issuedOn: opts.issuedOn
	});

	const summaryWidths = [6, 46, 14, 34];
	const summaryWs = addOfficialWorksheet(wb, USAGE_SHEETS.summary, { widths: summaryWidths, head: mainHead });

	const unitHead = appendix('PHỤ LỤC 1. SỐ LIỆU THEO CƠ QUAN, ĐƠN VỊ');
	const unitWs = addOfficialWorksheet(wb, USAGE_SHEETS.units, {
		widths: UNIT_COLUMNS.map((c) => c.width ?? 10),
		head: unitHead,
		landscape: true,
		tableHeaderRows: 2,
		freezeColumns: 2
	});
	const units = new OfficialSheet(
		unitWs,
		UNIT_COLUMNS.map((c) => c.width ?? 10)
	);
	units.writeHead(unitHead);
	const placed = await units.writeTable(UNIT_COLUMNS, data.units.map(unitRowCells), { totals: true });

	await writeArticleSheet(
		wb,
		appendix('PHỤ LỤC 2. CẢNH BÁO VI PHẠM THEO ĐIỀU KHOẢN'),
		data.findingsByArticle
	);
	await writeListSheet(
		wb,
		USAGE_SHEETS.inspections,
		appendix('PHỤ LỤC 3. CÁC CUỘC THANH TRA, KIỂM TRA TRONG KỲ'),
		INSPECTION_COLUMNS,
		data.inspections.map((r, i) => ({ ...r, stt: i + 1, status: viLabel('inspectionStatus', r.status) })),
		false
	);
	await writeListSheet(
		wb,
		USAGE_SHEETS.trainings,
		appendix('PHỤ LỤC 4. CÁC LỚP TẬP HUẤN TRONG KỲ'),
		TRAINING_COLUMNS,
		data.trainings.map((r, i) => ({ ...r, stt: i + 1 })),
		true
	);
	if (opts.recipient === 'ban-co-yeu') {
		await writeListSheet(
			wb,
			USAGE_SHEETS.revocations,
			appendix('PHỤ LỤC 5. CHỨNG THƯ SỐ THU HỒI TRONG KỲ'),
			REVOCATION_COLUMNS,
			data.revocations.map((r, i) => ({ ...r, stt: i + 1, kind: viLabel('certKind', r.kind) })),
			false
		);
	}

	// The summary: every figure is a formula on the appendix's totals row, cached.
	const s = new OfficialSheet(summaryWs, summaryWidths);
	s.writeHead(mainHead);
	s.paragraph('I. KẾT QUẢ QUẢN LÝ, SỬ DỤNG CHỮ KÝ SỐ TRONG KỲ', { bold: true });
	const colOf = (key: string) => unitWs.getColumn(UNIT_COLUMNS.findIndex((c) => c.key === key) + 1).letter;
	const ref = (key: string) => `'${USAGE_SHEETS.units}'!${colOf(key)}${placed.totalsRow}`;
	const lines = SUMMARY_LINES.map(([text, key], i) => ({
		stt: i + 1,
		item: text,
		value: new TrustedFormula(ref(key), placed.totals[key] ?? 0),
		note: key.startsWith('signed_') ? 'Phụ lục 1' : ''
	}));
	await s.writeTable(
		[
			{ key: 'stt', header: 'STT', kind: 'int' },
			{ key: 'item', header: 'Chỉ tiêu' },
			{ key: 'value', header: 'Số lượng', kind: 'int' },
			{ key: 'note', header: 'Ghi chú' }
		],
		lines
	);
	s.blank();
	s.paragraph('II. TÌNH HÌNH VI PHẠM QUY CHẾ', { bold: true });
	const totalFindings = data.findingsByArticle.reduce(
		(n, r) => n + r.low + r.medium + r.high + r.critical,
		0
	);
	s.paragraph(
		`Trong kỳ phát sinh ${totalFindings} cảnh báo vi phạm theo ${new Set(data.findingsByArticle.map((r) => r.legalBasis)).size} căn cứ pháp lý (chi tiết tại Phụ lục 2).`
	);
	s.paragraph('III. KHÓ KHĂN, VƯỚNG MẮC', { bold: true });
	s.paragraph(opts.problems?.trim() || 'Không có.');
	s.paragraph('IV. ĐỀ XUẤT, KIẾN NGHỊ', { bold: true });
	s.paragraph(opts.proposals?.trim() || 'Không có.');
	s.paragraph(`Sở Khoa học và Công nghệ báo cáo ${info.short} biết, chỉ đạo./.`, { italic: true });
	s.writeFooter({
		recipients: info.recipients,
		signerTitle: opts.signerTitle ?? ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
		signerName: opts.signerName
	});
	return wb;
}

const INSPECTION_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'startedOn', header: 'Ngày bắt đầu', width: 12, kind: 'date' },
	{ key: 'endedOn', header: 'Ngày kết thúc', width: 12, kind: 'date' },
	{ key: 'agency', header: 'Cơ quan được thanh tra, kiểm tra', width: 30 },
	{ key: 'title', header: 'Nội dung', width: 40 },
	{ key: 'decisionNumber', header: 'Số quyết định', width: 16 },
	{ key: 'status', header: 'Tình trạng', width: 14 }
];
const TRAINING_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'heldOn', header: 'Ngày', width: 12, kind: 'date' },
	{ key: 'title', header: 'Lớp tập huấn', width: 40 },
	{ key: 'agency', header: 'Đơn vị tham gia', width: 28 },
	{ key: 'topic', header: 'Chủ đề', width: 24 },
	{ key: 'participants', header: 'Số người', width: 10, kind: 'int', total: true }
];
const REVOCATION_COLUMNS: TableColumn[] = [
	{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
	{ key: 'revokedAt', header: 'Ngày thu hồi', width: 12, kind: 'date' },
	{ key: 'agency', header: 'Cơ quan, đơn vị', width: 28 },
	{ key: 'subject', header: 'Tên thuê bao', width: 32 },
	{ key: 'kind', header: 'Loại', width: 10 },
	{ key: 'serial', header: 'Số hiệu chứng thư', width: 24 },
	{ key: 'reason', header: 'Lý do', width: 30 }
];

const SEVERITY_WIDTHS = { low: 8, medium: 9, high: 8, critical: 10 } as const;

async function writeArticleSheet(
	wb: ExcelJS.Workbook,
	head: DocumentHead,
	rows: FindingsByArticleRow[]
): Promise<void> {
	const columns: TableColumn[] = [
		{ key: 'stt', header: 'STT', width: 5, kind: 'int' },
		{ key: 'legalBasis', header: 'Căn cứ (điều khoản)', width: 26 },
		{ key: 'kind', header: 'Nội dung vi phạm', width: 40 },
		...SEVERITIES.map((s): TableColumn => ({
			key: s,
			header: viLabel('severity', s),
			group: 'Mức độ',
			width: SEVERITY_WIDTHS[s],
			kind: 'int',
			total: true
		})),
		{ key: 'total', header: 'Tổng số', width: 9, kind: 'int', total: true },
		{ key: 'open', header: 'Chưa khắc phục', width: 10, kind: 'int', total: true }
	];
	await writeListSheet(
		wb,
		USAGE_SHEETS.articles,
		head,
		columns,
		rows.map((r, i) => ({
			...r,
			stt: i + 1,
			kind: viLabel('findingKind', r.kind),
			total: r.low + r.medium + r.high + r.critical
		})),
		true
	);
}

/** An appendix sheet: the head and one table (with a totals row when asked). */
export async function writeListSheet(
	wb: ExcelJS.Workbook,
	name: string,
	head: DocumentHead,
	columns: TableColumn[],
	rows: Record<string, CellInput>[],
	totals: boolean,
	opts: { landscape?: boolean } = {}
): Promise<void> {
	const widths = columns.map((c) => c.width ?? 12);
	const grouped = columns.some((c) => c.group);
	const ws = addOfficialWorksheet(wb, name, {
		widths,
		head,
		landscape: opts.landscape ?? true,
		tableHeaderRows: grouped ? 2 : 1
	});
	const sheet = new OfficialSheet(ws, widths);
	sheet.writeHead(head);
	await sheet.writeTable(columns, rows, { totals });
}
