// The key-device list as an Excel export (registered in reports/lists.ts): same filters and
// scope as /thiet-bi, in the list's order (serial, keyset-paged by the last serial; or the column sort asked).
import type { ExportList } from '../reports/lists';
import { viLabel } from '../../i18n/values';
import { parseQuery } from './filters';
import { tokensAfter, tokenFilterSchema, type TokenFilter } from './tokens';

const TOKEN_SORT_NAMES: Record<NonNullable<TokenFilter['sap']>, string> = {
	serial: 'Số hiệu',
	type: 'Loại thiết bị',
	model: 'Chủng loại',
	agency: 'Cơ quan, đơn vị',
	holder: 'Người giữ',
	status: 'Tình trạng',
	certificates: 'Số chứng thư'
};

export const tokensExport: ExportList<TokenFilter> = {
	name: 'tokens',
	title: 'Danh sách thiết bị lưu khóa bí mật',
	parseFilters: (p) => parseQuery(tokenFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Số hiệu: ${f.q}` : '',
			f.status ? `Tình trạng: ${viLabel('tokenStatus', f.status)}` : '',
			f.type ? `Loại thiết bị: ${viLabel('deviceType', f.type)}` : '',
			f.agency ? `Cơ quan (mã số): ${f.agency}` : '',
			f.sap
				? `Sắp xếp theo: ${TOKEN_SORT_NAMES[f.sap]} (${f.chieu === 'desc' ? 'giảm dần' : 'tăng dần'})`
				: ''
		].filter(Boolean),
	columns: [
		{ key: 'serial', header: 'Số hiệu', width: 20 },
		{ key: 'device_type', header: 'Loại thiết bị', width: 22 },
		{ key: 'model', header: 'Chủng loại', width: 18 },
		{ key: 'holder_agency_name', header: 'Cơ quan, đơn vị', width: 32 },
		{ key: 'holder_person_name', header: 'Người giữ', width: 24 },
		{ key: 'status', header: 'Tình trạng', width: 13 },
		{ key: 'certificates', header: 'Số chứng thư', width: 10, kind: 'int' }
	],
	async page(db, scope, f, cursor, limit) {
		const r = await tokensAfter(db, scope, f, cursor, limit);
		return {
			rows: r.rows.map(labelTokenRow),
			next: r.next
		};
	}
};

/** A device row as the workbook prints it: kind and status in words. */
export function labelTokenRow<R extends { device_type: string; status: string }>(
	t: R
): { [K in keyof R]: R[K] } {
	return {
		...t,
		device_type: viLabel('deviceType', t.device_type),
		status: viLabel('tokenStatus', t.status)
	};
}
