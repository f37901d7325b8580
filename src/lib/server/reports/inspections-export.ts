// The inspections (/thanh-tra) as an Excel export: the page's search, status and sort, every row,
// in the viewer's scope, through the page's query (listInspections).
import { viLabel } from '../../i18n/values';
import { listInspections, parseInspectionFilters, type InspectionFilters } from '../inspections/list-queries';
import { offsetPage, sortLine } from './page-lists';
import type { ExportList } from './lists';

const COLUMN_NAMES: Record<string, string> = {
	title: 'Đợt kiểm tra',
	agency: 'Cơ quan được kiểm tra',
	decision: 'Số quyết định',
	started: 'Ngày bắt đầu',
	status: 'Trạng thái',
	findings: 'Số cảnh báo'
};

export const inspectionsExport: ExportList<InspectionFilters> = {
	name: 'inspections',
	title: 'Danh sách đợt thanh tra, kiểm tra',
	parseFilters: (p) => parseInspectionFilters(p),
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.status ? `Trạng thái: ${viLabel('inspectionStatus', f.status)}` : '',
			sortLine(f.sort?.column, f.sort?.direction, COLUMN_NAMES)
		].filter(Boolean),
	columns: [
		{ key: 'title', header: 'Đợt kiểm tra', width: 40 },
		{ key: 'agency_name', header: 'Cơ quan được kiểm tra', width: 30 },
		{ key: 'decision_number', header: 'Số quyết định', width: 18 },
		{ key: 'started_on', header: 'Ngày bắt đầu', width: 12, kind: 'date' },
		{ key: 'ended_on', header: 'Ngày kết thúc', width: 12, kind: 'date' },
		{ key: 'status', header: 'Trạng thái', width: 14 },
		{ key: 'lead_name', header: 'Trưởng đoàn', width: 22 },
		{ key: 'findings', header: 'Số cảnh báo', width: 11, kind: 'int' }
	],
	page: (db, scope, f, cursor) =>
		offsetPage(
			cursor,
			(page, pageSize) =>
				listInspections(db, scope, { ...f, limit: pageSize, offset: (page - 1) * pageSize }),
			(r) => ({ ...r, status: viLabel('inspectionStatus', r.status) })
		)
};
