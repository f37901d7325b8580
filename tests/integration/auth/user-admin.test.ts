// What an administrator does to an account (/quan-tri/nguoi-dung/[id]): change its name and roles,
// lock and unlock it, set a new password, sign it out everywhere; each on an account that exists,
// audited, and NOT_FOUND for one that does not. A lock, a new password and "sign out everywhere"
// end the account's sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import {
	createUser,
	getUser,
	setUserActive,
	setUserPassword,
	signOutEverywhere,
	updateUser
} from '../../../src/lib/server/auth/users';
import { createSession, validateSession } from '../../../src/lib/server/auth/sessions';
import { signIn } from '../../../src/lib/server/auth/sign-in';
import { isAppError } from '../../../src/lib/errors';

let h: DbHandle;
let adminId: number;
let userId: number;
const admin = () => ({ userId: adminId, actor: 'qt.admin', ip: '127.0.0.1' });

async function refusedWith(p: Promise<unknown>): Promise<string | null> {
	return p.then(
		() => null,
		(e: unknown) => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`)
	);
}

async function audited(action: string, id: number): Promise<number> {
	const rows = await h.db
		.selectFrom('audit_log')
		.select('id')
		.where('action', '=', action)
		.where('entity_id', '=', String(id))
		.execute();
	return rows.length;
}

beforeAll(async () => {
	h = await openTestDb();
	const who = { userId: null, actor: 'test', ip: null };
	adminId = await createUser(
		h.db,
		{ username: 'qt.admin', displayName: 'Quản trị', password: 'mat-khau-quan-tri-dai', roles: ['admin'] },
		who
	);
	userId = await createUser(
		h.db,
		{
			username: 'tv.nguyen',
			displayName: 'Nguyễn Văn A',
			password: 'mat-khau-ban-dau-dai',
			roles: ['inspector']
		},
		who
	);
});
afterAll(async () => {
	await h.close();
});

describe('an administrator acting on an account', () => {
	it('changes its name and roles, audited', async () => {
		await updateUser(
			h.db,
			userId,
			{ displayName: ' Nguyễn Văn Anh ', roles: ['inspector', 'report_staff'] },
			admin()
		);
		const u = await getUser(h.db, userId);
		expect(u?.displayName).toBe('Nguyễn Văn Anh');
		expect([...(u?.roles ?? [])].sort()).toEqual(['inspector', 'report_staff']);
		expect(await audited('user.update', userId)).toBe(1);
	});

	it('locks it (its sessions end) and unlocks it', async () => {
		const { token } = await createSession(h.db, userId, { ip: null });
		expect(await validateSession(h.db, token)).not.toBeNull();
		await setUserActive(h.db, userId, false, admin());
		expect((await getUser(h.db, userId))?.active).toBe(false);
		expect(await validateSession(h.db, token)).toBeNull();
		await setUserActive(h.db, userId, true, admin());
		expect((await getUser(h.db, userId))?.active).toBe(true);
		expect(await audited('user.disable', userId)).toBe(1);
		expect(await audited('user.enable', userId)).toBe(1);
		// Not one's own.
		expect(await refusedWith(setUserActive(h.db, adminId, false, admin()))).toBe('INVALID_INPUT');
	});

	it('sets a new password: the old one no longer signs in, the new one does', async () => {
		const { token } = await createSession(h.db, userId, { ip: null });
		await setUserPassword(h.db, userId, 'mat-khau-moi-du-dai', admin());
		expect(await validateSession(h.db, token)).toBeNull();
		const at = { ip: '10.0.0.9', userAgent: null };
		const old = await signIn(h.db, { username: 'tv.nguyen', password: 'mat-khau-ban-dau-dai', ...at });
		expect(old.ok).toBe(false);
		const fresh = await signIn(h.db, { username: 'tv.nguyen', password: 'mat-khau-moi-du-dai', ...at });
		expect(fresh.ok).toBe(true);
		expect(await audited('user.password_reset', userId)).toBe(1);
	});

	it('signs it out everywhere', async () => {
		const a = await createSession(h.db, userId, { ip: null });
		const b = await createSession(h.db, userId, { ip: null });
		expect(await signOutEverywhere(h.db, userId, admin())).toBeGreaterThanOrEqual(2);
		expect(await validateSession(h.db, a.token)).toBeNull();
		expect(await validateSession(h.db, b.token)).toBeNull();
	});

	it('is NOT_FOUND for an account that does not exist', async () => {
		const missing = 987654;
		expect(
			await refusedWith(updateUser(h.db, missing, { displayName: 'X', roles: ['inspector'] }, admin()))
		).toBe('NOT_FOUND');
		expect(await refusedWith(setUserActive(h.db, missing, true, admin()))).toBe('NOT_FOUND');
		expect(await refusedWith(setUserPassword(h.db, missing, 'mat-khau-moi-du-dai', admin()))).toBe(
			'NOT_FOUND'
		);
		expect(await refusedWith(signOutEverywhere(h.db, missing, admin()))).toBe('NOT_FOUND');
	});
});
