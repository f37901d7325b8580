// User accounts: create, change roles and agency, disable, reset password. Every change is
// audited in the same transaction; disabling an account or changing its password ends its sessions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { hashPassword } from './passwords';
import { ROLES, type Role } from './roles';
import { deleteAllSessions } from './sessions';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface UserRow {
	id: number;
	username: string;
	displayName: string;
	email: string | null;
	roles: Role[];
	agencyId: number | null;
	agencyCode: string | null;
	agencyName: string | null;
	active: boolean;
	lastLoginAt: Date | null;
	sessions: number;
}

export function checkPassword(password: string, username: string): void {
	if (password.length < MIN_PASSWORD_LENGTH)
		throw new AppError('INVALID_INPUT', `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
	if (password.toLowerCase().includes(username.toLowerCase()))
		throw new AppError('INVALID_INPUT', 'Mật khẩu không được chứa tên đăng nhập.');
}

function checkRoles(roles: string[], agencyId: number | null): Role[] {
	const unique = [...new Set(roles)];
	if (unique.length === 0) throw new AppError('INVALID_INPUT', 'Chọn ít nhất một vai trò.');
	const bad = unique.find((r) => !(ROLES as readonly string[]).includes(r));
	if (bad)
		throw new AppError('INVALID_INPUT', `Vai trò không hợp lệ: "${bad}" (hợp lệ: ${ROLES.join(', ')}).`);
	if (unique.includes('agency_officer') && agencyId === null)
		throw new AppError('INVALID_INPUT', 'Cán bộ cơ quan, đơn vị phải gắn với một cơ quan.');
	return unique as Role[];
}

async function agencyIdFor(db: Kysely<Database>, code: string | null | undefined): Promise<number | null> {
	if (!code) return null;
	const a = await db.selectFrom('agencies').select('id').where('code', '=', code.trim()).executeTakeFirst();
	if (!a) throw new AppError('NOT_FOUND', `Không có cơ quan mã "${code}".`);
	return a.id;
}

export async function createUser(
	db: Kysely<Database>,
	input: {
		username: string;
		displayName: string;
		email?: string | null;
		password: string;
		roles: string[];
		agencyCode?: string | null;
	},
	who: AuditWho
): Promise<number> {
	const username = input.username.trim().toLowerCase();
	if (!USERNAME_PATTERN.test(username))
		throw new AppError('INVALID_INPUT', 'Tên đăng nhập 3-40 ký tự: chữ thường không dấu, số, dấu . _ -');
	const displayName = input.displayName.trim();
	if (!displayName) throw new AppError('INVALID_INPUT', 'Nhập họ và tên.');
	checkPassword(input.password, username);
	const agencyId = await agencyIdFor(db, input.agencyCode);
	const roles = checkRoles(input.roles, agencyId);
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		const taken = await trx
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirst();
		if (taken) throw new AppError('CONFLICT', `Tên đăng nhập "${username}" đã tồn tại.`);
		const { id } = await trx
			.insertInto('users')
			.values({
				username,
				display_name: displayName,
				email: input.email?.trim() || null,
				password_hash: passwordHash,
				agency_id: agencyId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('user_roles')
			.values(roles.map((role) => ({ user_id: id, role })))
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'user.create',
			entityType: 'user',
			entityId: id,
			details: { username, displayName, roles, agencyCode: input.agencyCode ?? null }
		});
		return id;
	});
}

export async function listUsers(
	db: Kysely<Database>,
	filter: { id?: number; username?: string } = {}
): Promise<UserRow[]> {
	let q = db
		.selectFrom('users as u')
		.leftJoin('agencies as a', 'a.id', 'u.agency_id')
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
		.orderBy('u.username');
	if (filter.id !== undefined) q = q.where('u.id', '=', filter.id);
	if (filter.username !== undefined) q = q.where('u.username', '=', filter.username);
	const rows = await q.execute();
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

/** The user, or null: the caller decides what a missing one means. */
export async function getUser(db: Kysely<Database>, id: number): Promise<UserRow | null> {
	const [user] = await listUsers(db, { id });
	return user ?? null;
}

/** The changes below act on a user that must exist. */
async function existingUser(db: Kysely<Database>, id: number): Promise<UserRow> {
	const user = await getUser(db, id);
	if (!user) throw new AppError('NOT_FOUND', 'Không tìm thấy người dùng.');
	return user;
}

/** The id of the user with this username, or null. */
export async function findUserId(db: Kysely<Database>, username: string): Promise<number | null> {
	const [user] = await listUsers(db, { username: username.trim().toLowerCase() });
	return user?.id ?? null;
}

export async function updateUser(
	db: Kysely<Database>,
	id: number,
	input: { displayName: string; email?: string | null; roles: string[]; agencyCode?: string | null },
	who: AuditWho
): Promise<void> {
	const before = await existingUser(db, id);
	const displayName = input.displayName.trim();
	if (!displayName) throw new AppError('INVALID_INPUT', 'Nhập họ và tên.');
	const agencyId = await agencyIdFor(db, input.agencyCode);
	const roles = checkRoles(input.roles, agencyId);
	if (who.userId === id && before.roles.includes('admin') && !roles.includes('admin'))
		throw new AppError('INVALID_INPUT', 'Không thể tự bỏ vai trò quản trị của chính mình.');
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({ display_name: displayName, email: input.email?.trim() || null, agency_id: agencyId })
			.where('id', '=', id)
			.execute();
		await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
		await trx
			.insertInto('user_roles')
			.values(roles.map((role) => ({ user_id: id, role })))
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'user.update',
			entityType: 'user',
			entityId: id,
			details: {
				before: { displayName: before.displayName, roles: before.roles, agencyCode: before.agencyCode },
				after: { displayName, roles, agencyCode: input.agencyCode || null }
			}
		});
	});
}

export async function setUserActive(
	db: Kysely<Database>,
	id: number,
	active: boolean,
	who: AuditWho
): Promise<void> {
	const user = await existingUser(db, id);
	if (!active && who.userId === id)
		throw new AppError('INVALID_INPUT', 'Không thể tự khóa tài khoản của chính mình.');
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('users').set({ active }).where('id', '=', id).execute();
		if (!active) await deleteAllSessions(trx, id);
		await recordAudit(trx, {
			...who,
			action: active ? 'user.enable' : 'user.disable',
			entityType: 'user',
			entityId: id,
			details: { username: user.username }
		});
	});
}

export async function setUserPassword(
	db: Kysely<Database>,
	id: number,
	password: string,
	who: AuditWho
): Promise<void> {
	const user = await existingUser(db, id);
	checkPassword(password, user.username);
	const passwordHash = await hashPassword(password);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null })
			.where('id', '=', id)
			.execute();
		await deleteAllSessions(trx, id);
		await recordAudit(trx, {
			...who,
			action: 'user.password_reset',
			entityType: 'user',
			entityId: id,
			details: { username: user.username }
		});
	});
}

export async function signOutEverywhere(db: Kysely<Database>, id: number, who: AuditWho): Promise<number> {
	const user = await existingUser(db, id);
	return db.transaction().execute(async (trx) => {
		const n = await deleteAllSessions(trx, id);
		await recordAudit(trx, {
			...who,
			action: 'user.sign_out_all',
			entityType: 'user',
			entityId: id,
			details: { username: user.username, sessions: n }
		});
		return n;
	});
}
