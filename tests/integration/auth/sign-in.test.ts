// Sign-in on a demo database: sessions are fresh at every sign-in (no fixation), the throttle
// refuses after repeated failures per account and per address, timeouts end sessions, and
// every outcome is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { signIn } from '../../../src/lib/server/auth/sign-in';
import { THROTTLE } from '../../../src/lib/server/auth/sign-in-throttle';
import {
	SESSION_ABSOLUTE_MS,
	SESSION_IDLE_MS,
	createSession,
	validateSession
} from '../../../src/lib/server/auth/sessions';
import { sessionCookieOptions } from '../../../src/lib/server/auth/cookies';
import { verifyAuditChain } from '../../../src/lib/server/audit/verify';

const PASSWORD = 'KiemKy@2026';
let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb({ demo: true });
});
afterAll(async () => {
	await h.close();
});

const attempt = (
	username: string,
	password: string,
	ip: string,
	extra: { previousToken?: string; now?: Date } = {}
) =>
	signIn(
		h.db,
		{ username, password, ip, userAgent: 'vitest', previousToken: extra.previousToken },
		extra.now
	);

async function actions(actor: string): Promise<string[]> {
	const rows = await h.db
		.selectFrom('audit_log')
		.select('action')
		.where('actor', '=', actor)
		.orderBy('id')
		.execute();
	return rows.map((r) => r.action);
}

describe('sign-in', () => {
	it('signs a demo user in, case-insensitively, and audits it', async () => {
		const r = await attempt('ThanhTra', PASSWORD, '10.1.0.1');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const user = await validateSession(h.db, r.token);
		expect(user?.username).toBe('thanhtra');
		expect(user?.roles).toEqual(['inspector']);
		expect(user?.scope).toEqual({ kind: 'all' });
		expect(await actions('thanhtra')).toContain('auth.sign_in');
	});

	it('gives the agency officer a subtree scope', async () => {
		const r = await attempt('coquan', PASSWORD, '10.1.0.2');
		if (!r.ok) throw new Error(r.message);
		const user = await validateSession(h.db, r.token);
		expect(user?.scope.kind).toBe('subtree');
	});

	it('never adopts a token planted before sign-in, and drops the old session', async () => {
		const planted = 'attacker-chosen-token-value';
		const r = await attempt('baocao', PASSWORD, '10.1.0.3', { previousToken: planted });
		if (!r.ok) throw new Error(r.message);
		expect(r.token).not.toBe(planted);
		expect(await validateSession(h.db, planted)).toBeNull();
		// Signing in again from a browser holding a live session replaces it: the old token dies.
		const again = await attempt('baocao', PASSWORD, '10.1.0.3', { previousToken: r.token });
		if (!again.ok) throw new Error(again.message);
		expect(again.token).not.toBe(r.token);
		expect(await validateSession(h.db, r.token)).toBeNull();
		expect(await validateSession(h.db, again.token)).not.toBeNull();
	});

	it('answers the same for an unknown account and a wrong password', async () => {
		const unknown = await attempt('khongco', 'x', '10.1.0.4');
		const wrong = await attempt('lanhdao', 'sai-mat-khau', '10.1.0.4');
		expect(unknown).toEqual(wrong);
		expect(wrong).toMatchObject({ ok: false, status: 401 });
		expect(await actions('lanhdao')).toContain('auth.sign_in_failed');
	});

	it('locks an account after repeated failures, even with the right password, and says so in Vietnamese', async () => {
		const now = new Date();
		for (let i = 0; i < THROTTLE.maxAccountFailures; i++) {
			const r = await attempt('admin', 'sai', `10.2.0.${i}`, { now });
			expect(r).toMatchObject({ ok: false, status: 401 });
		}
		const locked = await attempt('admin', PASSWORD, '10.2.1.1', { now });
		expect(locked).toMatchObject({ ok: false, status: 429 });
		if (!locked.ok)
			expect(locked.message).toMatch(/Tài khoản này đã đăng nhập sai quá nhiều lần.*thử lại sau \d+ phút/);
		expect(await actions('admin')).toContain('auth.sign_in_blocked');
		// After the window the right password works again.
		const later = new Date(now.getTime() + THROTTLE.windowMs + 1000);
		expect((await attempt('admin', PASSWORD, '10.2.1.1', { now: later })).ok).toBe(true);
	});

	it('blocks an address that tries many accounts', async () => {
		const now = new Date();
		for (let i = 0; i < THROTTLE.maxAddressFailures; i++)
			await attempt(`ten${i}`, 'sai', '10.3.0.1', { now });
		const r = await attempt('thanhtra', PASSWORD, '10.3.0.1', { now });
		expect(r).toMatchObject({ ok: false, status: 429 });
		if (!r.ok) expect(r.message).toMatch(/Địa chỉ máy của bạn/);
		// Another address is not affected.
		expect((await attempt('thanhtra', PASSWORD, '10.3.0.2', { now })).ok).toBe(true);
	});

	it('refuses a disabled account', async () => {
		await h.db.updateTable('users').set({ active: false }).where('username', '=', 'lanhdao').execute();
		expect(await attempt('lanhdao', PASSWORD, '10.4.0.1')).toMatchObject({ ok: false, status: 401 });
		await h.db.updateTable('users').set({ active: true }).where('username', '=', 'lanhdao').execute();
	});

	it('stores a failed account name bounded and without control characters', async () => {
		const typed = '\u001b[31mroot\u0000\r\n2026-01-01 auth.sign_in admin\u202e' + 'x'.repeat(300);
		expect(await attempt(typed, 'sai', '10.5.0.1')).toMatchObject({ ok: false, status: 401 });
		const stored = [
			...(
				await h.db.selectFrom('sign_in_attempts').select('username').where('ip', '=', '10.5.0.1').execute()
			).map((r) => r.username),
			...(
				await h.db
					.selectFrom('audit_log')
					.select(['actor', 'entity_id'])
					.where('ip', '=', '10.5.0.1')
					.execute()
			).flatMap((r) => [r.actor, r.entity_id ?? ''])
		];
		expect(stored).toHaveLength(3);
		for (const name of stored) {
			expect(name).not.toMatch(/[\p{Cc}\p{Cf}]/u);
			expect([...name].length).toBeLessThanOrEqual(64);
			expect(name.startsWith('[31mroot2026-01-01 auth.sign_in admin')).toBe(true);
		}
	});

	it('ends sessions after the idle and the absolute timeout', async () => {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', 'thanhtra')
			.executeTakeFirstOrThrow();
		const t0 = new Date('2026-11-20T08:00:00+07:00');
		const idle = await createSession(h.db, u.id, {}, t0);
		expect(
			await validateSession(h.db, idle.token, new Date(t0.getTime() + SESSION_IDLE_MS - 1000))
		).not.toBeNull();
		expect(await validateSession(h.db, idle.token, new Date(t0.getTime() + 2 * SESSION_IDLE_MS))).toBeNull();
		const busy = await createSession(h.db, u.id, {}, t0);
		// Active every 20 minutes: idle never trips, the absolute limit still does.
		let t = t0.getTime();
		while (t + 20 * 60_000 < t0.getTime() + SESSION_ABSOLUTE_MS) {
			t += 20 * 60_000;
			expect(await validateSession(h.db, busy.token, new Date(t))).not.toBeNull();
		}
		expect(
			await validateSession(h.db, busy.token, new Date(t0.getTime() + SESSION_ABSOLUTE_MS + 1))
		).toBeNull();
	});

	it('keeps the audit chain intact through all of it', async () => {
		expect(await verifyAuditChain(h.db)).toMatchObject({ status: 'intact' });
	});
});

describe('session cookie', () => {
	it('is httpOnly, SameSite=Strict, path / and Secure on HTTPS and loopback', () => {
		const https = sessionCookieOptions(new URL('https://kiemky.dongthap.gov.vn/'), new Date(0));
		expect(https).toMatchObject({ httpOnly: true, sameSite: 'strict', path: '/', secure: true });
		expect(sessionCookieOptions(new URL('http://localhost:3000/')).secure).toBe(true);
		expect(sessionCookieOptions(new URL('http://127.0.0.1:3000/')).secure).toBe(true);
		expect(sessionCookieOptions(new URL('http://10.0.0.5:3000/')).secure).toBe(false);
	});
});
