// The sidebar: each item with the roles that see it (the server enforces access regardless).
import type { Role } from '$lib/server/auth/roles';

export interface NavItem {
	href: string;
	key: string;
	roles: Role[] | 'any';
}

export const NAV_ITEMS: NavItem[] = [{ href: '/', key: 'nav.overview', roles: 'any' }];
