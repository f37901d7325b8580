// Who may change people, clerk appointments and delegations: administrators and inspectors
// everywhere; an agency officer only within their own agency's subtree (and may move a person only
// within it). Leaders and report staff read only. Checked in the services, whatever the route allows.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { inAgencySubtree } from '../scope';

export type Editor = Pick<AuthUser, 'roles' | 'agencyId' | 'scope'>;

/** Edits anywhere (admin, inspector). */
export const editsAll = (u: Editor) => u.roles.includes('admin') || u.roles.includes('inspector');

/** May edit something in some agency at all: the pages show their forms only then. */
export const mayEditOrganisation = (u: Editor) =>
	editsAll(u) || (u.roles.includes('agency_officer') && u.agencyId !== null);

/** Whether `agencyId` lies where `user` may edit. */
export async function canEditAgency(db: Kysely<Database>, user: Editor, agencyId: number): Promise<boolean> {
	if (editsAll(user)) return true;
	if (!user.roles.includes('agency_officer') || user.agencyId === null) return false;
	const row = await db
		.selectFrom('agencies')
		.select('id')
		.where('id', '=', agencyId)
		.where(({ ref }) => inAgencySubtree(user.agencyId!, ref('id')))
		.executeTakeFirst();
	return row !== undefined;
}

export async function assertCanEditAgency(
	db: Kysely<Database>,
	user: Editor,
	agencyId: number,
	message = 'Bạn chỉ được cập nhật nhân sự của cơ quan, đơn vị thuộc phạm vi của mình.'
): Promise<void> {
	if (!(await canEditAgency(db, user, agencyId))) throw new AppError('FORBIDDEN', message);
}

/** An agency a person can be placed in: it exists, is active and not ended (merged or dissolved). */
export async function assertOpenAgency(
	db: Kysely<Database>,
	agencyId: number,
	field = 'agencyId'
): Promise<{ id: number; name: string }> {
	const a = await db
		.selectFrom('agencies')
		.select(['id', 'name', 'active', 'ended_on'])
		.where('id', '=', agencyId)
		.executeTakeFirst();
	if (!a) throw new AppError('INVALID_INPUT', 'Cơ quan, đơn vị đã chọn không tồn tại.', { field });
	if (!a.active || a.ended_on !== null)
		throw new AppError(
			'INVALID_INPUT',
			`Cơ quan, đơn vị "${a.name}" đã ngừng hoạt động (sáp nhập hoặc giải thể): không thể bố trí nhân sự vào đó.`,
			{ field }
		);
	return { id: a.id, name: a.name };
}
