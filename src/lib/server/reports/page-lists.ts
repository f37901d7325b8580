// Exportable lists that page by offset through the same query as their page (findings, people):
// the export is the page's filters, search and sort, every row, in the viewer's scope. Offset
// paging is enough at these lists' sizes; the id tie-break of every sort keeps pages disjoint.
import { viLabel } from '../../i18n/values';
import { LEGAL_BASES } from '../../domain/findings';
import { listFindings, parseFindingFilters, type FindingFilters } from '../findings/queries';
import { listPeople, peopleFilterSchema, type PeopleFilter } from '../organisation/people-queries';
import { parseQuery } from '../inventory/filters';
import type { ExportList, ListPage } from './lists';
import type { CellInput } from '../../reports/cells';

const PAGE = 1000;

/** The page after `cursor` (a row offset) from a fetch by 1-based page number. */
export async function offsetPage<R>(
	cursor: string | null,
	fetch: (page: number, pageSize: number) => Promise<R[]>,
	label: (row: R) => Record<string, CellInput>
): Promise<ListPage> {
	const page = cursor ? Number(cursor) : 1;
	const rows = await fetch(page, PAGE);
	return { rows: rows.map(label), next: rows.length === PAGE ? String(page + 1) : null };
}

export const sortLine = (
	column: string | undefined,
	direction: string | undefined,
	names: Record<string, string>
) =>
	column && names[column]
		? `Sắp xếp theo: ${names[column]} (${direction === 'desc' ? 'giảm dần' : 'tăng dần'})`
		: '';

const FINDING_COLUMN_NAMES: Record<string, string> = {
	severity: 'Mức độ',
	kind: 'Loại cảnh báo',
	summary: 'Nội dung',
	legal_basis: 'Căn cứ',
	agency: 'Cơ quan, đơn vị',
	status: 'Trạng thái',
	last_seen: 'Phát hiện lần cuối'
};

export const findingsExport: ExportList<FindingFilters> = {
	name: 'findings',
	title: 'Danh sách cảnh báo',
	parseFilters: (p) => parseFindingFilters(p),
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.kind ? `Loại: ${viLabel('findingKind', f.kind)}` : '',
			f.legalBasis && LEGAL_BASES.includes(f.legalBasis as never) ? `Căn cứ: ${f.legalBasis}` : '',
			f.severity ? `Mức độ: ${viLabel('severity', f.severity)}` : '',
			f.agencyId ? `Cơ quan (mã số): ${f.agencyId}` : '',
			f.status === 'active'
				? 'Trạng thái: chưa xử lý xong'
				: f.status
					? `Trạng thái: ${viLabel('findingStatus', f.status)}`
					: '',
			sortLine(f.sort?.column, f.sort?.direction, FINDING_COLUMN_NAMES)
		].filter(Boolean),
	columns: [
		{ key: 'severity', header: 'Mức độ', width: 13 },
		{ key: 'kind', header: 'Loại cảnh báo', width: 30 },
		{ key: 'summary', header: 'Nội dung', width: 50 },
		{ key: 'legal_basis', header: 'Căn cứ', width: 14 },
		{ key: 'agency_name', header: 'Cơ quan, đơn vị', width: 30 },
		{ key: 'status', header: 'Trạng thái', width: 14 },
		{ key: 'assigned_name', header: 'Người xử lý', width: 20 },
		{ key: 'first_seen_at', header: 'Phát hiện lần đầu', width: 19, kind: 'datetime' },
		{ key: 'last_seen_at', header: 'Phát hiện lần cuối', width: 19, kind: 'datetime' }
	],
	page: (db, scope, f, cursor) =>
		offsetPage(
			cursor,
			async (page, pageSize) => (await listFindings(db, scope, { ...f, page, pageSize })).rows,
			(r) => ({
				...r,
				severity: viLabel('severity', r.severity),
				kind: viLabel('findingKind', r.kind),
				status: viLabel('findingStatus', r.status)
			})
		)
};

const PEOPLE_COLUMN_NAMES: Record<string, string> = {
	name: 'Họ và tên',
	title: 'Chức danh',
	agency: 'Cơ quan, đơn vị',
	status: 'Tình trạng',
	certificates: 'Số chứng thư'
};

export const peopleExport: ExportList<PeopleFilter> = {
	name: 'people',
	title: 'Danh sách nhân sự',
	parseFilters: (p) => parseQuery(peopleFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.agency ? `Cơ quan (mã số): ${f.agency}` : '',
			f.status ? `Tình trạng: ${viLabel('personStatus', f.status)}` : '',
			sortLine(f.sap, f.chieu, PEOPLE_COLUMN_NAMES)
		].filter(Boolean),
	columns: [
		{ key: 'full_name', header: 'Họ và tên', width: 28 },
		{ key: 'title', header: 'Chức danh', width: 24 },
		{ key: 'agency_name', header: 'Cơ quan, đơn vị', width: 32 },
		{ key: 'email', header: 'Thư điện tử', width: 26 },
		{ key: 'status', header: 'Tình trạng', width: 14 },
		{ key: 'status_since', header: 'Từ ngày', width: 12, kind: 'date' },
		{ key: 'certificates', header: 'Số chứng thư', width: 12, kind: 'int' }
	],
	page: (db, scope, f, cursor) =>
		offsetPage(
			cursor,
			async (page, pageSize) => (await listPeople(db, scope, { ...f, page }, pageSize)).rows,
			(r) => ({ ...r, status: viLabel('personStatus', r.status) })
		)
};
