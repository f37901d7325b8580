// The users page (/quan-tri/nguoi-dung) as a workbook: the search and sort of the page, roles in
// words. Administrators only, as the page (route): another role is refused, not sent rows.
import { viLabel } from '../../i18n/values';
import { translate } from '../../i18n/catalogue';
import { parseQuery } from '../inventory/filters';
import { searchUsers, userFilterSchema, type UserFilter } from '../auth/user-list';
import type { ExportList } from './lists';

const SORT_NAMES: Record<string, string> = {
	username: 'Tên đăng nhập',
	name: 'Họ và tên',
	agency: 'Cơ quan, đơn vị',
	status: 'Trạng thái',
	last_login: 'Đăng nhập lần cuối'
};

export const usersExport: ExportList<UserFilter> = {
	name: 'users',
	route: '/quan-tri/nguoi-dung',
	title: 'Danh sách người dùng',
	parseFilters: (p) => parseQuery(userFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.sap ? `Sắp xếp theo: ${SORT_NAMES[f.sap]} (${f.chieu === 'desc' ? 'giảm dần' : 'tăng dần'})` : ''
		].filter(Boolean),
	columns: [
		{ key: 'username', header: 'Tên đăng nhập', width: 18 },
		{ key: 'display_name', header: 'Họ và tên', width: 26 },
		{ key: 'email', header: 'Thư điện tử', width: 26 },
		{ key: 'roles', header: 'Vai trò', width: 30 },
		{ key: 'agency_name', header: 'Cơ quan, đơn vị', width: 30 },
		{ key: 'status', header: 'Trạng thái', width: 14 },
		{ key: 'last_login_at', header: 'Đăng nhập lần cuối', width: 19, kind: 'datetime' },
		{ key: 'sessions', header: 'Phiên đang mở', width: 10, kind: 'int' }
	],
	async page(db, _scope, f) {
		const users = await searchUsers(db, f);
		return {
			rows: users.map((u) => ({
				username: u.username,
				display_name: u.displayName,
				email: u.email,
				roles: u.roles.map((r) => viLabel('role', r)).join(', '),
				agency_name: u.agencyName,
				status: translate('vi', u.active ? 'admin.active' : 'admin.disabled'),
				last_login_at: u.lastLoginAt,
				sessions: u.sessions
			})),
			next: null
		};
	}
};
