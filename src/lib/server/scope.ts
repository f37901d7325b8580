// Agency scoping for queries: every service that lists agency-owned rows narrows them here,
// so an officer of agency A never receives rows of agency B, whatever the route asks for.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AgencyScope } from './auth/roles';

/**
 * A condition that `agencyIdColumn` lies in the scope's subtree. Use in `.where(...)`:
 *   .where(({ ref }) => inScope(scope, ref('c.agency_id')))
 */
export function inScope(scope: AgencyScope, agencyIdColumn: Expression<number | null>): Expression<SqlBool> {
	if (scope.kind === 'all') return sql<SqlBool>`true`;
	return sql<SqlBool>`${agencyIdColumn} in (select id from agencies where path like ${scope.path + '%'})`;
}

/** `agencyIdColumn` lies in the subtree of agency `agencyId` (the agency itself included). */
export function inAgencySubtree(
	agencyId: number,
	agencyIdColumn: Expression<number | null>
): Expression<SqlBool> {
	return sql<SqlBool>`${agencyIdColumn} in (
		select d.id from agencies d
		where d.path like (select a.path from agencies a where a.id = ${agencyId}) || '%'
	)`;
}
