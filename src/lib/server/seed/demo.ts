// Demo data for a first start: deterministic from a seed. This first version lays the agency
// root and the demo users; the full province (agencies, people, certificates, events, archive)
// is built by the modules beside it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../auth/roles';

export interface SeedOptions {
	scale?: number;
	seed?: number;
	log?: (message: string) => void;
}

export const DEMO_USERS = {
	password: 'KiemKy@2026',
	users: [
		{ username: 'admin', displayName: 'Nguyễn Văn Quản', roles: ['admin'], agency: null, label: 'Quản trị hệ thống' },
		{ username: 'thanhtra', displayName: 'Trần Thị Thanh', roles: ['inspector'], agency: null, label: 'Thanh tra, kiểm tra' },
		{ username: 'lanhdao', displayName: 'Lê Minh Đạo', roles: ['leader'], agency: null, label: 'Lãnh đạo (chỉ xem)' },
		{ username: 'baocao', displayName: 'Phạm Thu Hà', roles: ['report_staff'], agency: null, label: 'Cán bộ báo cáo' },
		{
			username: 'coquan',
			displayName: 'Võ Thị Vân',
			roles: ['agency_officer'],
			agency: 'SYT',
			label: 'Cán bộ Sở Y tế (chỉ thấy cơ quan mình)'
		}
	] satisfies { username: string; displayName: string; roles: Role[]; agency: string | null; label: string }[]
};

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
	const row = await db.selectFrom('agencies').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
	return row.n === 0;
}

export async function seedDemoUsers(db: Kysely<Database>): Promise<number> {
	const passwordHash = await hashPassword(DEMO_USERS.password);
	for (const u of DEMO_USERS.users) {
		const agency = u.agency
			? await db.selectFrom('agencies').select('id').where('code', '=', u.agency).executeTakeFirst()
			: undefined;
		const user = await db
			.insertInto('users')
			.values({
				username: u.username,
				display_name: u.displayName,
				password_hash: passwordHash,
				agency_id: agency?.id ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('user_roles')
			.values(u.roles.map((role) => ({ user_id: user.id, role })))
			.execute();
	}
	await db
		.insertInto('settings')
		.values({ key: 'demo_mode', value: JSON.stringify(true) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(true) }))
		.execute();
	return DEMO_USERS.users.length;
}

export async function seedDemoData(db: Kysely<Database>, options: SeedOptions = {}): Promise<Record<string, number>> {
	const root = await db
		.insertInto('agencies')
		.values({ code: 'UBND', name: 'Ủy ban nhân dân tỉnh Đồng Tháp', kind: 'province', path: '/' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.updateTable('agencies').set({ path: `/${root.id}/` }).where('id', '=', root.id).execute();
	for (const [code, name] of [
		['SKHCN', 'Sở Khoa học và Công nghệ'],
		['SYT', 'Sở Y tế']
	] as const) {
		const a = await db
			.insertInto('agencies')
			.values({ code, name, kind: 'department', parent_id: root.id, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.updateTable('agencies').set({ path: `/${root.id}/${a.id}/` }).where('id', '=', a.id).execute();
	}
	const users = await seedDemoUsers(db);
	options.log?.('agencies and demo users ready');
	return { agencies: 3, users };
}
