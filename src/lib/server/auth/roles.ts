// Who a signed-in user is: their roles (the list itself is domain vocabulary, re-exported here for
// the server's many readers) and what an agency scope is.
import type { Role } from '../../domain/roles';

export { ROLES, type Role } from '../../domain/roles';

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
	/** The language chosen with the header's switch; absent until chosen. */
	lang?: 'vi' | 'en' | null;
}

/** A machine authenticated by an API key (Authorization: Bearer) on /api/** routes. */
export interface ApiKeyPrincipal {
	id: number;
	name: string;
	sourceSystem: string;
	agencyId: number | null;
	scope: AgencyScope;
}
