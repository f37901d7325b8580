// The overview's figures as an Excel workbook: one sheet per chart or table of the page, each with
// a title line (period, scope) and its table under Vietnamese headers. The figures are small (one
// overview), but the workbook is still written by exceljs's streaming writer straight to `out`, as
// the list exports are (src/lib/reports/list-workbook.ts), so the response starts at once.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { viLabel } from '../../i18n/values';
import { monthLabel } from '../../components/charts/series';
import { formatDay, vietnamDay } from '../../time/vietnam';
import type { DaySpan } from '../../time/periods';
import { usageShare } from './ranking';
import type { Overview } from './overview';

type Cell = string | number | null;
interface SheetSpec {
	name: string;
	title: string;
	headers: string[];
	rows: Cell[][];
	widths?: number[];
}

const span = (s: DaySpan) => `${formatDay(s.from)} – ${formatDay(s.to)}`;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** The sheets of an overview, in the page's order. */
export function overviewSheets(o: Overview, scopeName: string): SheetSpec[] {
	const p = o.period;
	const head = (what: string) => `${what} — ${scopeName} — ${p.period.label} (${span(p.elapsed)})`;
	const channels = [...new Set(o.trend.map((t) => t.channel))].sort();
	const months = [...new Set(o.trend.map((t) => t.bucket))].sort();
	const channelTotal = o.channels.reduce((s, c) => s + c.n, 0);
	const certStatuses = new Map<string, number>();
	for (const r of o.figures.certificates) certStatuses.set(r.status, (certStatuses.get(r.status) ?? 0) + r.n);
	const a = o.adoption;
	return [
		{
			name: 'So sánh cùng kỳ',
			title: head('So sánh cùng kỳ'),
			headers: [
				'Chỉ tiêu',
				`Kỳ này (${span(p.elapsed)})`,
				`Cùng kỳ năm trước (${span(p.lastYear)})`,
				`Kỳ liền trước (${span(p.previous)})`
			],
			rows: [
				['Văn bản được ký số', o.signed.current, o.signed.lastYear, o.signed.previous],
				['Chứng thư đã ký số', a.used.current, a.used.lastYear, a.used.previous],
				[
					'Tỷ lệ chứng thư đang hoạt động được sử dụng (%)',
					pct(a.used.current, a.active),
					pct(a.used.lastYear, a.active),
					pct(a.used.previous, a.active)
				],
				['Chứng thư đang hoạt động (hiện tại)', a.active, null, null],
				[`Chứng thư không sử dụng ${a.dormantDays} ngày (hiện tại)`, a.dormant, null, null]
			],
			widths: [46, 26, 30, 30]
		},
		{
			name: 'Xu hướng 24 tháng',
			title: head('Văn bản ký số theo tháng, theo kênh'),
			headers: ['Tháng', ...channels.map((c) => viLabel('channel', c)), 'Tổng'],
			rows: months.map((m) => {
				const by = channels.map((c) => o.trend.find((t) => t.bucket === m && t.channel === c)?.n ?? 0);
				return [monthLabel(m), ...by, by.reduce((s, n) => s + n, 0)];
			})
		},
		{
			name: 'Theo kênh',
			title: head('Văn bản ký số theo kênh'),
			headers: ['Kênh', 'Số văn bản', 'Tỷ lệ (%)'],
			rows: o.channels.map((c) => [viLabel('channel', c.key), c.n, pct(c.n, channelTotal)]),
			widths: [40, 14, 12]
		},
		{
			name: 'Xếp hạng cơ quan',
			title: head('Cơ quan xếp theo tỷ lệ chứng thư được sử dụng'),
			headers: [
				'Hạng',
				'Cơ quan, đơn vị',
				'Chứng thư đang hoạt động',
				'Chứng thư đã ký số',
				'Tỷ lệ sử dụng (%)',
				'Văn bản được ký số'
			],
			rows: o.ranking.all.map((r, i) => [
				i + 1,
				r.agency_name,
				r.active,
				r.used,
				Math.round(usageShare(r.used, r.active) * 1000) / 10,
				r.signed
			]),
			widths: [8, 46, 14, 14, 14, 14]
		},
		{
			// The page lists the first of them; this sheet, all of them.
			name: 'Cơ quan không ký văn bản',
			title: head('Cơ quan có chứng thư đang hoạt động nhưng không ký văn bản nào trong kỳ'),
			headers: ['Cơ quan, đơn vị', 'Chứng thư đang hoạt động'],
			rows: o.ranking.silent.map((r) => [r.agency_name, r.active]),
			widths: [46, 14]
		},
		{
			name: 'Chứng thư không dùng 90 ngày',
			title: head('Chứng thư đang hoạt động không ký số trong 90 ngày, theo cơ quan'),
			headers: ['Cơ quan, đơn vị', 'Số chứng thư'],
			rows: o.adoption.dormantByAgency.map((d) => [d.agency_name ?? '(chưa gán cơ quan)', d.n]),
			widths: [46, 14]
		},
		{
			name: 'Cảnh báo theo điều khoản',
			title: `Cảnh báo chưa xử lý theo điều khoản — ${scopeName}`,
			headers: ['Điều khoản', 'Số cảnh báo'],
			rows: o.articles.map((r) => [r.legal_basis, r.n]),
			widths: [46, 14]
		},
		{
			name: 'Chứng thư theo trạng thái',
			title: `Chứng thư số theo trạng thái — ${scopeName}`,
			headers: ['Trạng thái', 'Số chứng thư'],
			rows: [...certStatuses].map(([s, n]) => [viLabel('certStatus', s), n]),
			widths: [30, 14]
		}
	];
}

/** Writes the overview workbook to `out`; resolves once it is complete. */
export async function writeOverviewWorkbook(
	out: Writable,
	o: Overview,
	scopeName: string,
	now = new Date()
): Promise<void> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	wb.creator = 'Kiểm Ký — Sở KH&CN Đồng Tháp';
	for (const s of overviewSheets(o, scopeName)) {
		const ws = wb.addWorksheet(s.name.slice(0, 31));
		ws.columns = s.headers.map((_, i) => ({ width: s.widths?.[i] ?? 16 }));
		const title = ws.addRow([s.title]);
		title.font = { bold: true };
		title.commit();
		ws.addRow([`Lập ngày ${formatDay(vietnamDay(now))}`]).commit();
		const header = ws.addRow(s.headers);
		header.font = { bold: true };
		header.commit();
		for (const r of s.rows) ws.addRow(r).commit();
		if (s.rows.length === 0) ws.addRow(['Không có số liệu']).commit();
		ws.commit();
	}
	await wb.commit();
}

/** The name of what the overview covers: the chosen agency, the viewer's own agency, or the province. */
export async function overviewScopeName(
	db: Kysely<Database>,
	scope: AgencyScope,
	agency: number | null
): Promise<string> {
	const id = agency ?? (scope.kind === 'subtree' ? scope.agencyId : null);
	if (id === null) return 'Toàn tỉnh';
	const a = await db.selectFrom('agencies').select('name').where('id', '=', id).executeTakeFirst();
	return a?.name ?? 'Toàn tỉnh';
}
