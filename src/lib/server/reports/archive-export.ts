// The archive of signed documents (/luu-tru) as an Excel export: the page's filters, search and
// sort, every row, in the viewer's scope, through the same query as the page (listArchivedDocuments).
import { viLabel } from '../../i18n/values';
import { translate } from '../../i18n/catalogue';
import { listArchivedDocuments, parseArchiveFilters, type ArchiveFilters } from '../document-archive/queries';
import { offsetPage, sortLine } from './page-lists';
import type { ExportList } from './lists';

const COLUMN_NAMES: Record<string, string> = {
	file: 'Tệp',
	number: 'Số, ký hiệu',
	agency: 'Cơ quan ban hành',
	received: 'Thời điểm nhận',
	format: 'Định dạng',
	verdict: 'Kết quả kiểm tra gần nhất'
};

const FORMATS: Record<string, string> = { pdf: 'PDF', cms: 'CMS (.p7m/.p7s)' };

/** The verdict as the page's badge words it; "Chưa kiểm tra" when never verified. */
const verdictWords = (indication: string | null) =>
	translate('vi', indication ? `verdict.${indication}` : 'archive.notVerified');

export const archiveExport: ExportList<ArchiveFilters> = {
	name: 'archive',
	title: 'Danh sách văn bản lưu trữ',
	parseFilters: (p) => parseArchiveFilters(p),
	describeFilters: (f) => {
		const d = (s: string) => s.split('-').reverse().join('/');
		return [
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.agencyId ? `Cơ quan (mã số): ${f.agencyId}` : '',
			f.receivedFrom ? `Nhận từ ngày: ${d(f.receivedFrom)}` : '',
			f.receivedTo ? `Nhận đến ngày: ${d(f.receivedTo)}` : '',
			f.verdict
				? `Kết quả kiểm tra: ${f.verdict === 'none' ? verdictWords(null) : verdictWords(f.verdict)}`
				: '',
			f.format ? `Định dạng: ${FORMATS[f.format]}` : '',
			sortLine(f.sort?.column, f.sort?.direction, COLUMN_NAMES)
		].filter(Boolean);
	},
	columns: [
		{ key: 'fileName', header: 'Tệp', width: 36 },
		{ key: 'documentNumber', header: 'Số, ký hiệu', width: 18 },
		{ key: 'agencyName', header: 'Cơ quan ban hành', width: 30 },
		{ key: 'direction', header: 'Chiều', width: 8 },
		{ key: 'receivedAt', header: 'Thời điểm nhận', width: 19, kind: 'datetime' },
		{ key: 'format', header: 'Định dạng', width: 16 },
		{ key: 'latestIndication', header: 'Kết quả kiểm tra gần nhất', width: 22 },
		{ key: 'latestVerifiedAt', header: 'Kiểm tra lúc', width: 19, kind: 'datetime' },
		{ key: 'sourceSystem', header: 'Hệ thống gửi', width: 16 }
	],
	page: (db, scope, f, cursor) =>
		offsetPage(
			cursor,
			async (page, pageSize) =>
				(
					await listArchivedDocuments(db, scope, {
						...f,
						limit: pageSize,
						offset: (page - 1) * pageSize
					})
				).rows,
			(r) => ({
				fileName: r.fileName,
				documentNumber: r.documentNumber,
				agencyName: r.agencyName,
				direction: viLabel('direction', r.direction),
				receivedAt: r.receivedAt,
				format: FORMATS[r.format] ?? r.format,
				latestIndication: verdictWords(r.latestIndication),
				latestVerifiedAt: r.latestVerifiedAt,
				sourceSystem: r.sourceSystem
			})
		)
};
