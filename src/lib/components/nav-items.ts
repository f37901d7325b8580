// The sidebar: each item with the roles that see it (the server enforces access regardless).
import type { Role } from '$lib/domain';

export interface NavItem {
	href: string;
	key: string;
	roles: Role[] | 'any';
}

export const NAV_ITEMS: NavItem[] = [
	{ href: '/', key: 'nav.overview', roles: 'any' },
	{ href: '/chung-thu', key: 'nav.certificates', roles: 'any' },
	{ href: '/thiet-bi', key: 'nav.tokens', roles: 'any' },
	{ href: '/co-quan', key: 'nav.agencies', roles: 'any' },
	{ href: '/nhan-su', key: 'nav.people', roles: 'any' },
	{ href: '/ky-so', key: 'nav.signing', roles: 'any' },
	{ href: '/bao-cao', key: 'nav.reports', roles: 'any' },
	{ href: '/luu-tru', key: 'nav.archive', roles: 'any' },
	{ href: '/kiem-tra-chu-ky', key: 'nav.verify', roles: 'any' },
	{ href: '/yeu-cau', key: 'nav.requests', roles: 'any' },
	{ href: '/canh-bao', key: 'nav.findings', roles: 'any' },
	{ href: '/thanh-tra', key: 'nav.inspections', roles: 'any' },
	{ href: '/tac-vu', key: 'nav.jobs', roles: ['admin', 'inspector', 'leader'] },
	{ href: '/chung-thu/nhap', key: 'nav.import', roles: ['admin', 'inspector'] },
	{ href: '/to-chuc/nhap', key: 'nav.orgImport', roles: ['admin', 'inspector'] },
	{ href: '/nhat-ky', key: 'nav.audit', roles: ['admin', 'inspector'] },
	{ href: '/quan-tri', key: 'nav.admin', roles: ['admin'] }
];
