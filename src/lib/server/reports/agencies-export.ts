// The agencies page (/co-quan) as a workbook: the tree in its order when nothing is asked, else the
// flat list of the search and sort (agency-list.ts), each agency's figures over its subtree. One
// page: a province has hundreds of agencies, not millions.
import { viLabel } from '../../i18n/values';
import { translate } from '../../i18n/catalogue';
import { parseQuery } from '../inventory/filters';
import { agencyFilterSchema, listAgencies, type AgencyFilter } from '../inventory/agency-list';
import type { ExportList } from './lists';

const SORT_NAMES: Record<string, string> = {
	name: 'Tên cơ quan, đơn vị',
	code: 'Mã',
	kind: 'Loại',
	certificates: 'Chứng thư đang dùng',
	people: 'Cán bộ',
	tokens: 'Thiết bị',
	findings: 'Cảnh báo mở'
};

export const agenciesExport: ExportList<AgencyFilter> = {
	name: 'agencies',
	route: '/co-quan',
	title: 'Danh sách cơ quan, đơn vị',
	parseFilters: (p) => parseQuery(agencyFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm (tên hoặc mã): ${f.q}` : '',
			f.active ? 'Chỉ cơ quan, đơn vị đang hoạt động' : '',
			f.sap
				? `Sắp xếp theo: ${SORT_NAMES[f.sap]} (${f.chieu === 'desc' ? 'giảm dần' : 'tăng dần'})`
				: 'Theo cây tổ chức',
			'Số liệu gồm cả đơn vị trực thuộc'
		].filter(Boolean),
	columns: [
		{ key: 'name', header: 'Tên cơ quan, đơn vị', width: 40 },
		{ key: 'code', header: 'Mã', width: 12 },
		{ key: 'kind', header: 'Loại', width: 18 },
		{ key: 'parent_name', header: 'Cơ quan cấp trên', width: 32 },
		{ key: 'status', header: 'Tình trạng', width: 16 },
		{ key: 'ended_on', header: 'Ngừng hoạt động từ', width: 14, kind: 'date' },
		{ key: 'certificates_in_use', header: 'Chứng thư đang dùng', width: 12, kind: 'int' },
		{ key: 'people', header: 'Cán bộ', width: 10, kind: 'int' },
		{ key: 'tokens', header: 'Thiết bị', width: 10, kind: 'int' },
		{ key: 'open_findings', header: 'Cảnh báo mở', width: 12, kind: 'int' }
	],
	async page(db, scope, f) {
		// In tree order the parent's column shows the tree (no indentation: names stay filterable).
		const { rows } = await listAgencies(db, scope, f);
		return {
			rows: rows.map((r) => ({
				name: r.name,
				code: r.code,
				kind: viLabel('agencyKind', r.kind),
				parent_name: r.parent_name,
				status: r.active ? 'Đang hoạt động' : translate('vi', 'agencyEdit.inactive'),
				ended_on: r.ended_on,
				certificates_in_use: r.certificates_in_use,
				people: r.people,
				tokens: r.tokens,
				open_findings: r.open_findings
			})),
			next: null
		};
	}
};
