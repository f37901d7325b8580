// The roles (a user may hold several) and what an agency scope is.
export const ROLES = ['admin', 'inspector', 'leader', 'report_staff', 'agency_officer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS_VI: Record<Role, string> = {
	admin: 'Quản trị hệ thống',
	inspector: 'Thanh tra, kiểm tra',
	leader: 'Lãnh đạo',
	report_staff: 'Cán bộ báo cáo',
	agency_officer: 'Cán bộ cơ quan, đơn vị'
};

/** What agencies a user may see: every agency, or one agency's subtree (by materialised path). */
export type AgencyScope = { kind: 'all' } | { kind: 'subtree'; agencyId: number; path: string };

export interface AuthUser {
	id: number;
	username: string;
	displayName: string;
	roles: Role[];
	agencyId: number | null;
	scope: AgencyScope;
	sessionId: string;
}

/** A machine authenticated by an API key (Authorization: Bearer) on /api/** routes. */
export interface ApiKeyPrincipal {
	id: number;
	name: string;
	sourceSystem: string;
	agencyId: number | null;
	scope: AgencyScope;
}
