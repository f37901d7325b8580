// The users page (/quan-tri/nguoi-dung) and its export: a search without accents or case over the
// username, the name, the e-mail address and the agency, and a sort by a whitelisted column with
// an id tie-break. Administrators only (route rules; the export checks the same rule).
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { Role } from './roles';
import type { UserRow } from './users';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';

export const USER_SORTS = ['username', 'name', 'agency', 'status', 'last_login'] as const;

export const userFilterSchema = z.object({
	q: z.string().max(100).optional(),
	sap: z.enum(USER_SORTS).optional(),
	chieu: z.enum(['asc', 'desc']).optional()
});
export type UserFilter = z.infer<typeof userFilterSchema>;

/** Every user matching the filter, in its order (a province has hundreds of accounts, not more). */
export async function searchUsers(db: Kysely<Database>, f: UserFilter): Promise<UserRow[]> {
	let q = db.selectFrom('users as u').leftJoin('agencies as a', 'a.id', 'u.agency_id');
	const like = foldedPattern(f.q);
	if (like)
		q = q.where(({ or, ref }) =>
			or([
				foldedLike(ref('u.username'), like),
				foldedLike(ref('u.display_name'), like),
				foldedLike(ref('u.email'), like),
				foldedLike(ref('a.name'), like)
			])
		);
	const rows = await q
		.select([
			'u.id',
			'u.username',
			'u.display_name',
			'u.email',
			'u.agency_id',
			'a.code',
			'a.name',
			'u.active',
			'u.last_login_at',
			sql<string[]>`array(select role from user_roles r where r.user_id = u.id order by role)`.as('roles'),
			sql<number>`(select count(*)::int from sessions s where s.user_id = u.id and s.expires_at > now())`.as(
				'sessions'
			)
		])
		.$call((qb) =>
			orderBySort(
				qb,
				{ column: f.sap ?? 'username', direction: f.chieu ?? 'asc' },
				{
					username: textSortKey(sql`u.username`),
					name: textSortKey(sql`u.display_name`),
					agency: textSortKey(sql`a.name`),
					// Active accounts first when ascending.
					status: sql`(not u.active)`,
					last_login: sql`u.last_login_at`
				},
				sql`u.id`
			)
		)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		email: r.email,
		roles: r.roles as Role[],
		agencyId: r.agency_id,
		agencyCode: r.code,
		agencyName: r.name,
		active: r.active,
		lastLoginAt: r.last_login_at,
		sessions: r.sessions
	}));
}
