// The sidebar: each item with the roles that see it (the server enforces access regardless).
import type { Role } from '$lib/server/auth/roles';

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
	{ href: '/ky-so', key: 'nav.signing', roles: 'any' },
	{ href: '/bao-cao', key: 'nav.reports', roles: 'any' },
	{ href: '/nhat-ky', key: 'nav.audit', roles: ['admin', 'inspector'] },
	{ href: '/quan-tri', key: 'nav.admin', roles: ['admin'] }
];
