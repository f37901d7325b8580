// Who a notification reaches: every active user holding one of the item's roles, within the
// user's agency scope as the sessions decide it (staff roles see the whole province, an agency
// officer their agency's subtree), so a user is told only about what they may open.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope, Role } from '../auth/roles';
import { scopeFor } from '../auth/sessions';
import type { NotificationItem } from './item';

export interface Recipient {
	id: number;
	displayName: string;
	roles: Role[];
	scope: AgencyScope;
}

/** Every active user with at least one role, and their scope. */
export async function activeRecipients(db: Kysely<Database>): Promise<Recipient[]> {
	const [users, roles] = await Promise.all([
		db
			.selectFrom('users as u')
			.leftJoin('agencies as a', 'a.id', 'u.agency_id')
			.select(['u.id', 'u.display_name', 'u.agency_id', 'a.path'])
			.where('u.active', '=', true)
			.orderBy('u.id')
			.execute(),
		db.selectFrom('user_roles').select(['user_id', 'role']).execute()
	]);
	const byUser = new Map<number, Role[]>();
	for (const r of roles) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role]);
	return users
		.filter((u) => byUser.has(u.id))
		.map((u) => {
			const userRoles = byUser.get(u.id)!;
			return {
				id: u.id,
				displayName: u.display_name,
				roles: userRoles,
				scope: scopeFor(userRoles, u.agency_id, u.path)
			};
		});
}

/** The materialised path of every agency, to place an item's agency in a user's subtree. */
export async function agencyPaths(db: Kysely<Database>): Promise<Map<number, string>> {
	const rows = await db.selectFrom('agencies').select(['id', 'path']).execute();
	return new Map(rows.map((r) => [r.id, r.path]));
}

/** Does `item` reach `user`: one of its roles, and its agency within the user's scope? */
export function reaches(item: NotificationItem, user: Recipient, paths: Map<number, string>): boolean {
	if (!user.roles.some((r) => item.audience.includes(r))) return false;
	if (user.scope.kind === 'all') return true;
	if (item.agencyId === null) return false;
	return (paths.get(item.agencyId) ?? '').startsWith(user.scope.path);
}
