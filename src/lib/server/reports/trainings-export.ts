// The trainings held (/thanh-tra/dao-tao) as an Excel export: the page's search and sort, every
// row, in the viewer's scope (their subtree's and province-wide trainings), through the page's
// query (listTrainings).
import { listTrainings, parseTrainingFilters, type TrainingFilters } from '../inspections/list-queries';
import { offsetPage, sortLine } from './page-lists';
import type { ExportList } from './lists';

const COLUMN_NAMES: Record<string, string> = {
	held: 'Ngày tổ chức',
	title: 'Lớp tập huấn',
	agency: 'Đơn vị',
	participants: 'Số người tham dự',
	topic: 'Nội dung'
};

export const trainingsExport: ExportList<TrainingFilters> = {
	name: 'trainings',
	title: 'Danh sách lớp tập huấn',
	parseFilters: (p) => parseTrainingFilters(p),
	describeFilters: (f) =>
		[f.q ? `Tìm kiếm: ${f.q}` : '', sortLine(f.sort?.column, f.sort?.direction, COLUMN_NAMES)].filter(
			Boolean
		),
	columns: [
		{ key: 'held_on', header: 'Ngày tổ chức', width: 12, kind: 'date' },
		{ key: 'title', header: 'Lớp tập huấn', width: 40 },
		{ key: 'agency_name', header: 'Đơn vị', width: 30 },
		{ key: 'participants', header: 'Số người tham dự', width: 12, kind: 'int' },
		{ key: 'topic', header: 'Nội dung', width: 40 }
	],
	page: (db, scope, f, cursor) =>
		offsetPage(
			cursor,
			(page, pageSize) => listTrainings(db, scope, { ...f, limit: pageSize, offset: (page - 1) * pageSize }),
			// A training of no agency is the province's, as the page says.
			(r) => ({ ...r, agency_name: r.agency_name ?? 'Toàn tỉnh' })
		)
};
