// refreshNotifications on a tiny province with its own users: who is told what (scope and roles),
// the expiry stages, no repeat on a second run, clearing once the cause went away, the refusal's
// reason, escalation to the inspectors once, failed jobs to the administrators only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { Role } from '../../../src/lib/server/auth/roles';
import { openTestDb } from '../../helpers/db';
import { buildWorld, type World } from '../jobs/fixtures';
import { refreshNotifications } from '../../../src/lib/server/notifications/refresh';
import { writeSettings } from '../../../src/lib/server/settings/store';

let h: DbHandle;
let w: World;
const users: Record<string, number> = {};
const T0 = new Date('2026-03-02T09:00:00+07:00');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);
let seq = 0;

async function user(username: string, roles: Role[], agencyId: number | null) {
	const u = await h.db
		.insertInto('users')
		.values({ username, display_name: `Người ${username}`, password_hash: 'x', agency_id: agencyId })
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db
		.insertInto('user_roles')
		.values(roles.map((role) => ({ user_id: u.id, role })))
		.execute();
	users[username] = u.id;
}

/** Who holds a notification with this key (uncleared unless `all`), by username. */
async function holders(key: string, o: { cleared?: boolean } = {}): Promise<string[]> {
	let q = h.db
		.selectFrom('notifications as n')
		.innerJoin('users as u', 'u.id', 'n.user_id')
		.select('u.username')
		.where('n.dedupe_key', '=', key);
	if (o.cleared !== undefined) q = q.where('n.cleared_at', o.cleared ? 'is not' : 'is', null);
	return (await q.orderBy('u.username').execute()).map((r) => r.username);
}

async function cert(cn: string, agencyId: number, notAfter: Date) {
	seq += 1;
	return (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: `nt${String(seq).padStart(6, '0')}`.padEnd(64, '0'),
				serial_number: `5e${seq}`,
				issuer_dn: 'CN=CA',
				subject_dn: `CN=${cn}`,
				subject_cn: cn,
				kind: 'individual',
				agency_id: agencyId,
				not_before: new Date('2025-01-01T00:00:00+07:00'),
				not_after: notAfter,
				der: new Uint8Array([1])
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

async function finding(agencyId: number, severity: 'low' | 'high', firstSeen: Date) {
	seq += 1;
	return (
		await h.db
			.insertInto('findings')
			.values({
				dedupe_key: `test:${seq}`,
				kind: 'expiring_soon',
				severity,
				legal_basis: 'Điều 9',
				summary: `Cảnh báo thử ${seq}`,
				agency_id: agencyId,
				evidence: '{}',
				first_seen_at: firstSeen,
				last_seen_at: firstSeen
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	await h.db.deleteFrom('certificates').execute();
	await user('thanhtra', ['inspector'], null);
	await user('quantri', ['admin'], null);
	await user('lanhdao', ['leader'], null);
	await user('coquanA', ['agency_officer'], w.agencies.A.id);
	await user('coquanA1', ['agency_officer'], w.agencies.A1.id);
	await user('coquanB', ['agency_officer'], w.agencies.B.id);
	await user('baocao', ['report_staff'], null);
	// The reports of the periods ended before T0 are archived (a test below takes one away).
	for (const period of ['2025-Q4', '2025'])
		for (const recipient of ['ubnd', 'bo-khcn', 'ban-co-yeu']) await report(period, recipient);
});

async function report(period: string, recipient: string) {
	await h.db
		.insertInto('generated_reports')
		.values({
			kind: 'usage',
			period,
			recipient,
			agency_id: w.agencies.P.id,
			file_name: `bao-cao-${period}-${recipient}.xlsx`,
			sha256: '0'.repeat(64),
			size_bytes: 1,
			content: new Uint8Array([1])
		})
		.execute();
}
afterAll(async () => {
	await h?.close();
});
beforeEach(async () => {
	await h.db.deleteFrom('notifications').execute();
});

describe('certificate expiry', () => {
	it('one notification per stage (30, 15, 2 days), in scope, once; cleared when renewed', async () => {
		const inA = await cert('Nguyễn Văn A', w.agencies.A.id, at(25));
		const inA1 = await cert('Trần Thị B', w.agencies.A1.id, at(40));
		const first = await refreshNotifications(h.db, T0);
		// A's certificate reaches its inspectors and A's officers, not the sub-unit's, nor B's, nor the leader.
		expect(await holders(`expiry:cert:${inA}:30`)).toEqual(['coquanA', 'thanhtra']);
		expect(await holders(`expiry:cert:${inA1}:30`)).toEqual([]);
		expect(first.notificationsCreated).toBe(2);

		const again = await refreshNotifications(h.db, T0);
		expect(again.notificationsCreated).toBe(0);
		expect(await h.db.selectFrom('notifications').select('id').execute()).toHaveLength(2);

		// Ten days later: the 15-day stage for A (the 30-day one is superseded), 30 for A1 (A's officers see A1).
		await refreshNotifications(h.db, at(11));
		expect(await holders(`expiry:cert:${inA}:15`, { cleared: false })).toEqual(['coquanA', 'thanhtra']);
		expect(await holders(`expiry:cert:${inA}:30`, { cleared: true })).toEqual(['coquanA', 'thanhtra']);
		expect(await holders(`expiry:cert:${inA1}:30`)).toEqual(['coquanA', 'coquanA1', 'thanhtra']);
		await refreshNotifications(h.db, at(23.5));
		expect(await holders(`expiry:cert:${inA}:2`, { cleared: false })).toEqual(['coquanA', 'thanhtra']);
		const row = await h.db
			.selectFrom('notifications')
			.selectAll()
			.where('dedupe_key', '=', `expiry:cert:${inA}:2`)
			.executeTakeFirstOrThrow();
		expect(row.title_vi).toBe('Chứng thư số “Nguyễn Văn A” hết hạn ngày 27/03/2026');
		expect(row.body_vi).toContain('còn 2 ngày');
		expect(row.link).toBe(`/chung-thu/${inA}`);
		expect(row.severity).toBe('high');

		// Renewed: the reminder stops.
		const renewal = await cert('Nguyễn Văn A', w.agencies.A.id, at(800));
		await h.db.updateTable('certificates').set({ renewal_of_id: inA }).where('id', '=', renewal).execute();
		const after = await refreshNotifications(h.db, at(23.6));
		expect(await holders(`expiry:cert:${inA}:2`, { cleared: true })).toEqual(['coquanA', 'thanhtra']);
		expect(after.notificationsCleared).toBe(2);
		await h.db.deleteFrom('certificates').execute();
	});

	it('CA certificates: 365 and 180 days, to administrators and inspectors', async () => {
		const ca = await h.db
			.insertInto('ca_certificates')
			.values({
				fingerprint_sha256: 'ca'.padEnd(64, '1'),
				subject_dn: 'CN=CA phục vụ các cơ quan Nhà nước G3, O=Ban Cơ yếu Chính phủ, C=VN',
				issuer_dn: 'CN=Root',
				serial_number: '01',
				not_before: new Date('2021-01-01'),
				not_after: at(300),
				trusted: true,
				der: new Uint8Array([1])
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await refreshNotifications(h.db, T0);
		expect(await holders(`expiry:ca:${ca.id}:365`)).toEqual(['quantri', 'thanhtra']);
		await refreshNotifications(h.db, at(130));
		expect(await holders(`expiry:ca:${ca.id}:180`, { cleared: false })).toEqual(['quantri', 'thanhtra']);
		expect(await holders(`expiry:ca:${ca.id}:365`, { cleared: true })).toEqual(['quantri', 'thanhtra']);
		await h.db.deleteFrom('ca_certificates').execute();
	});
});

describe('findings', () => {
	it('a new finding reaches the inspectors and its agency, leaders when high; cleared when resolved', async () => {
		const low = await finding(w.agencies.B.id, 'low', T0);
		const high = await finding(w.agencies.A1.id, 'high', T0);
		const old = await finding(w.agencies.A.id, 'low', at(-60));
		await refreshNotifications(h.db, T0);
		expect(await holders(`finding:${low}`)).toEqual(['coquanB', 'thanhtra']);
		expect(await holders(`finding:${high}`)).toEqual(['coquanA', 'coquanA1', 'lanhdao', 'thanhtra']);
		expect(await holders(`finding:${old}`)).toEqual([]);
		expect((await refreshNotifications(h.db, T0)).notificationsCreated).toBe(0);
		await h.db
			.updateTable('findings')
			.set({ status: 'resolved', resolved_at: at(1) })
			.where('id', '=', low)
			.execute();
		await refreshNotifications(h.db, at(1));
		expect(await holders(`finding:${low}`, { cleared: true })).toEqual(['coquanB', 'thanhtra']);
		expect(await holders(`finding:${high}`, { cleared: false })).toHaveLength(4);
		await h.db.deleteFrom('findings').execute();
	});
});

describe('requests', () => {
	it('a refusal tells the agency its reason (Điều 11.2); not the other agencies, nor the inspectors', async () => {
		const r = await h.db
			.insertInto('lifecycle_requests')
			.values({
				kind: 'renew',
				agency_id: w.agencies.A.id,
				reference_number: '12/SYT',
				submitted_at: at(-3),
				valid_at: at(-2),
				decided_at: at(-1),
				status: 'rejected',
				reason: 'Thiếu bản sao Quyết định bổ nhiệm'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await refreshNotifications(h.db, T0);
		expect(await holders(`request:${r.id}:rejected`)).toEqual(['coquanA']);
		expect(await holders(`request:${r.id}:accepted`)).toEqual(['coquanA']);
		const row = await h.db
			.selectFrom('notifications')
			.select(['title_vi', 'body_vi', 'body_en', 'link'])
			.where('dedupe_key', '=', `request:${r.id}:rejected`)
			.executeTakeFirstOrThrow();
		expect(row.title_vi).toBe('Yêu cầu gia hạn số 12/SYT bị từ chối');
		expect(row.body_vi).toBe('Ngày 01/03/2026, lý do từ chối: Thiếu bản sao Quyết định bổ nhiệm');
		expect(row.body_en).toContain('Thiếu bản sao Quyết định bổ nhiệm');
		expect(row.link).toBe(`/yeu-cau/${r.id}`);
		await h.db.deleteFrom('lifecycle_requests').execute();
	});

	it('a recovery deadline about to pass, then passed, then cleared once the request is handled', async () => {
		const r = await h.db
			.insertInto('lifecycle_requests')
			.values({
				kind: 'recover',
				agency_id: w.agencies.B.id,
				submitted_at: T0,
				valid_at: T0,
				due_at: new Date('2026-03-04T00:00:00+07:00'),
				status: 'in_progress'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await refreshNotifications(h.db, T0);
		expect(await holders(`deadline:request:${r.id}:soon`)).toEqual(['coquanB', 'thanhtra']);
		const soon = await h.db
			.selectFrom('notifications')
			.select(['title_vi', 'body_vi'])
			.where('dedupe_key', '=', `deadline:request:${r.id}:soon`)
			.executeTakeFirstOrThrow();
		expect(soon.title_vi).toBe(`Yêu cầu khôi phục thiết bị #${r.id} sắp đến hạn xử lý`);
		expect(soon.body_vi).toContain('hạn xử lý đến hết ngày 03/03/2026');
		await refreshNotifications(h.db, at(2));
		expect(await holders(`deadline:request:${r.id}:passed`, { cleared: false })).toEqual([
			'coquanB',
			'thanhtra'
		]);
		expect(await holders(`deadline:request:${r.id}:soon`, { cleared: true })).toEqual([
			'coquanB',
			'thanhtra'
		]);
		await h.db
			.updateTable('lifecycle_requests')
			.set({ status: 'completed', decided_at: at(2.1) })
			.where('id', '=', r.id)
			.execute();
		await refreshNotifications(h.db, at(2.2));
		expect(await holders(`deadline:request:${r.id}:passed`, { cleared: true })).toEqual([
			'coquanB',
			'thanhtra'
		]);
		expect(await holders(`request:${r.id}:completed`)).toEqual(['coquanB']);
		await h.db.deleteFrom('lifecycle_requests').execute();
	});
});

describe('escalation', () => {
	it('an item an officer left unread N days goes to the inspectors, once', async () => {
		await writeSettings(h.db, { 'notifications.escalation': { days: 4 } });
		const f = await finding(w.agencies.B.id, 'low', T0);
		await refreshNotifications(h.db, T0);
		expect((await refreshNotifications(h.db, at(3.9))).notificationsEscalated).toBe(0);
		const later = await refreshNotifications(h.db, at(4));
		expect(later.notificationsEscalated).toBe(1);
		expect(await holders(`escalation:finding:${f}`)).toEqual(['thanhtra']);
		const esc = await h.db
			.selectFrom('notifications')
			.select(['kind', 'title_vi', 'body_vi'])
			.where('dedupe_key', '=', `escalation:finding:${f}`)
			.executeTakeFirstOrThrow();
		expect(esc.kind).toBe('escalation');
		expect(esc.title_vi).toBe('Chưa được xem sau 4 ngày: Cảnh báo mới: Chứng thư sắp hết hạn chưa gia hạn');
		expect(esc.body_vi).toBe('Thông báo gửi ngày 02/03/2026 cho Người coquanB chưa được xem.');
		const source = await h.db
			.selectFrom('notifications')
			.select('escalated_at')
			.where('dedupe_key', '=', `finding:${f}`)
			.where('user_id', '=', users.coquanB!)
			.executeTakeFirstOrThrow();
		expect(source.escalated_at).toEqual(at(4));
		expect((await refreshNotifications(h.db, at(9))).notificationsEscalated).toBe(0);
		expect(await holders(`escalation:finding:${f}`)).toEqual(['thanhtra']);
		// Resolved: the finding's notifications and its escalation are cleared.
		await h.db
			.updateTable('findings')
			.set({ status: 'resolved', resolved_at: at(10) })
			.where('id', '=', f)
			.execute();
		await refreshNotifications(h.db, at(10));
		expect(await holders(`escalation:finding:${f}`, { cleared: true })).toEqual(['thanhtra']);
		await h.db.deleteFrom('findings').execute();
	});

	it('a read item is not escalated', async () => {
		const f = await finding(w.agencies.B.id, 'low', T0);
		await refreshNotifications(h.db, T0);
		await h.db
			.updateTable('notifications')
			.set({ read_at: at(1) })
			.where('user_id', '=', users.coquanB!)
			.execute();
		expect((await refreshNotifications(h.db, at(20))).notificationsEscalated).toBe(0);
		expect(await holders(`escalation:finding:${f}`)).toEqual([]);
		await h.db.deleteFrom('findings').execute();
	});
});

describe('failed jobs', () => {
	it('reach the administrators only, and clear once a later run succeeds', async () => {
		const failed = await h.db
			.insertInto('job_runs')
			.values({
				job_name: 'expiry-scan',
				trigger: 'schedule',
				status: 'failed',
				queued_at: at(-0.1),
				finished_at: at(-0.1),
				error: 'Mất kết nối cơ sở dữ liệu'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await refreshNotifications(h.db, T0);
		expect(await holders(`job_failed:${failed.id}`)).toEqual(['quantri']);
		const row = await h.db
			.selectFrom('notifications')
			.select(['title_vi', 'body_vi', 'link'])
			.where('dedupe_key', '=', `job_failed:${failed.id}`)
			.executeTakeFirstOrThrow();
		expect(row.title_vi).toBe('Tác vụ “Quét chứng thư sắp hết hạn” thất bại');
		expect(row.body_vi).toContain('Mất kết nối cơ sở dữ liệu');
		expect(row.link).toBe(`/tac-vu/${failed.id}`);
		await h.db
			.insertInto('job_runs')
			.values({ job_name: 'expiry-scan', trigger: 'schedule', status: 'succeeded', queued_at: T0 })
			.execute();
		await refreshNotifications(h.db, at(0.1));
		expect(await holders(`job_failed:${failed.id}`, { cleared: true })).toEqual(['quantri']);
	});
});

describe('periodic reports', () => {
	it('a province report missing days after its period is told to those who make reports; cleared once archived', async () => {
		await h.db
			.deleteFrom('generated_reports')
			.where('period', '=', '2025-Q4')
			.where('recipient', '=', 'ubnd')
			.execute();
		await refreshNotifications(h.db, T0);
		const key = 'deadline:report:2025-Q4:ubnd';
		expect(await holders(key)).toEqual(['baocao', 'quantri', 'thanhtra']);
		const row = await h.db
			.selectFrom('notifications')
			.select(['title_vi', 'body_vi', 'link'])
			.where('dedupe_key', '=', key)
			.executeTakeFirstOrThrow();
		expect(row.title_vi).toBe('Báo cáo quý IV năm 2025 gửi UBND tỉnh chưa được lập');
		expect(row.body_vi).toContain('kỳ báo cáo kết thúc ngày 31/12/2025');
		expect(row.link).toBe('/bao-cao');
		expect(
			(
				await h.db
					.selectFrom('notifications')
					.select('dedupe_key')
					.where('dedupe_key', 'like', 'deadline:report:%')
					.execute()
			).length
		).toBe(3);
		await report('2025-Q4', 'ubnd');
		await refreshNotifications(h.db, at(1));
		expect(await holders(key, { cleared: true })).toEqual(['baocao', 'quantri', 'thanhtra']);
	});
});
