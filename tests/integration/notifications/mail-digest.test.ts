// The daily e-mail digest end to end: the mail-digest job in the real runner, over a real SMTP
// server on loopback, against a migrated database with users of each scope and notification rows.
// What arrives is read back (mailparser): recipients by scope, Vietnamese text in both parts, links
// at the public origin, one message per user and day whatever is re-run, opted-out kinds left out,
// a refused recipient recorded and retried, a crash between send and record not sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { makeMailDigest } from '../../../src/lib/jobs/definitions/mail-digest';
import { failedDigests } from '../../../src/lib/server/notifications/digest-store';
import { jobResultInWords } from '../../../src/lib/i18n/job-result';
import type { Role } from '../../../src/lib/domain/roles';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';

const ORIGIN = 'https://kiemky.dongthap.test';
let h: DbHandle;
let smtp: SmtpCapture;
let runner: JobRunner;
const clock = new ManualClock('2026-12-05T07:00:00+07:00');
const ids = { A: 0, A1: 0, B: 0 };
const users = { admin: 0, inspector: 0, officerA: 0, officerB: 0, noMail: 0, gone: 0 };
const mail = {
	admin: 'admin@kiemky.test',
	inspector: 'thanhtra@kiemky.test',
	officerA: 'coquan.a@kiemky.test',
	officerB: 'coquan.b@kiemky.test',
	gone: 'nghiviec@kiemky.test'
};

async function agency(code: string, name: string, parent: { id: number; path: string } | null) {
	const a = await h.db
		.insertInto('agencies')
		.values({ code, name, kind: parent ? 'department' : 'province', parent_id: parent?.id ?? null, path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const path = `${parent?.path ?? '/'}${a.id}/`;
	await h.db.updateTable('agencies').set({ path }).where('id', '=', a.id).execute();
	return { id: a.id, path };
}

async function user(
	username: string,
	role: Role,
	email: string | null,
	agencyId: number | null,
	active = true
) {
	const u = await h.db
		.insertInto('users')
		.values({
			username,
			display_name: `Ông/Bà ${username}`,
			email,
			password_hash: 'x',
			agency_id: agencyId,
			active
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db.insertInto('user_roles').values({ user_id: u.id, role }).execute();
	return u.id;
}

let seq = 0;
async function notify(
	userId: number,
	o: {
		kind?: string;
		agencyId?: number | null;
		title: string;
		link?: string;
		read?: boolean;
		cleared?: boolean;
	}
) {
	seq += 1;
	const row = await h.db
		.insertInto('notifications')
		.values({
			user_id: userId,
			kind: (o.kind ?? 'finding') as 'finding',
			dedupe_key: `t:${seq}`,
			agency_id: o.agencyId ?? null,
			severity: 'high',
			title_vi: o.title,
			title_en: o.title,
			body_vi: 'Cần kiểm tra và khắc phục trước thời hạn.',
			link: o.link ?? `/canh-bao/${seq}`,
			due_at: new Date('2026-12-10T00:00:00+07:00'),
			read_at: o.read ? new Date() : null,
			cleared_at: o.cleared ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function run(expected: 'succeeded' | 'failed' = 'succeeded') {
	await runner.enqueue('mail-digest', { trigger: 'manual' });
	const [r] = await runner.pollOnce();
	expect(r?.status, r?.error ?? '').toBe(expected);
	return r!;
}

const digest = (userId: number, day: string) =>
	h.db
		.selectFrom('mail_digests')
		.selectAll()
		.where('user_id', '=', userId)
		.where(sql<boolean>`digest_date = ${day}::date`)
		.executeTakeFirst();

beforeAll(async () => {
	h = await openTestDb();
	smtp = await startSmtpCapture();
	const P = await agency('P', 'UBND tỉnh Đồng Tháp', null);
	const A = await agency('SYT', 'Sở Y tế', P);
	const A1 = await agency('BVĐK', 'Bệnh viện Đa khoa Đồng Tháp', A);
	const B = await agency('STC', 'Sở Tài chính', P);
	Object.assign(ids, { A: A.id, A1: A1.id, B: B.id });
	users.admin = await user('admin', 'admin', mail.admin, null);
	users.inspector = await user('thanhtra', 'inspector', mail.inspector, null);
	users.officerA = await user('coquan.a', 'agency_officer', mail.officerA, A.id);
	users.officerB = await user('coquan.b', 'agency_officer', mail.officerB, B.id);
	users.noMail = await user('khongthu', 'inspector', null, null);
	users.gone = await user('nghiviec', 'inspector', mail.gone, null, false);
	runner = new JobRunner({
		db: h.db,
		jobs: [
			makeMailDigest({ KIEMKY_SMTP_URL: smtp.url, KIEMKY_MAIL_FROM: 'Kiểm Ký <kiemky@kiemky.test>', ORIGIN })
		],
		clock,
		instanceId: 'T',
		log: () => undefined
	});
});
afterAll(async () => {
	await smtp?.close();
	await h?.close();
});

describe('mail-digest', () => {
	it('sends one digest per user in scope, in Vietnamese, grouped by agency, with links at the origin', async () => {
		const a1 = await notify(users.officerA, { agencyId: ids.A, title: 'Chứng thư của Giám đốc sắp hết hạn' });
		const a2 = await notify(users.officerA, {
			kind: 'deadline',
			agencyId: ids.A1,
			title: 'Thiết bị chưa nộp lại cho CA',
			link: '/thiet-bi/7'
		});
		// Not the officer's agency: never mailed to them, whoever wrote the row.
		await notify(users.officerA, { agencyId: ids.B, title: 'Việc của Sở Tài chính' });
		await notify(users.officerA, { agencyId: ids.A, title: 'Đã đọc rồi', read: true });
		await notify(users.officerA, { agencyId: ids.A, title: 'Đã gia hạn xong', cleared: true });
		await notify(users.officerB, { agencyId: ids.B, title: 'Cảnh báo ký sai chức danh' });
		await notify(users.officerB, { kind: 'deadline', agencyId: ids.B, title: 'Yêu cầu khôi phục quá hạn' });
		await h.db
			.insertInto('notification_email_opt_outs')
			.values({ user_id: users.officerB, kind: 'finding' })
			.execute();
		await notify(users.admin, { kind: 'job_failed', title: 'Tác vụ quét thu hồi bị lỗi', link: '/tac-vu/3' });
		await notify(users.admin, { agencyId: ids.B, title: 'Cảnh báo mới ở Sở Tài chính' });
		await notify(users.noMail, { title: 'Không có địa chỉ thư' });
		await notify(users.gone, { title: 'Tài khoản đã khóa' });
		// The inspector opted out of the only kind they have: nothing to send.
		await notify(users.inspector, { kind: 'escalation', title: 'Việc quá hạn' });
		await h.db
			.insertInto('notification_email_opt_outs')
			.values({ user_id: users.inspector, kind: 'escalation' })
			.execute();

		const r = await run();
		expect(r.counts).toEqual({
			recipients: 4,
			mailsSent: 3,
			nothingToSend: 1,
			alreadySent: 0,
			mailsFailed: 0,
			interrupted: 0
		});
		expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(
			[mail.admin, mail.officerA, mail.officerB].sort()
		);

		const [a] = smtp.to(mail.officerA);
		expect(a!.mail.subject).toBe('Kiểm Ký: 2 việc cần xử lý ngày 05/12/2026');
		expect(a!.mail.from?.text).toContain('kiemky@kiemky.test');
		const text = a!.mail.text!;
		const html = String(a!.mail.html);
		for (const part of [text, html]) {
			expect(part).toContain('Kính gửi Ông/Bà coquan.a');
			expect(part).toContain('Sở Y tế');
			expect(part).toContain('Bệnh viện Đa khoa Đồng Tháp');
			expect(part).toContain('Chứng thư của Giám đốc sắp hết hạn');
			expect(part).toContain('Thời hạn sắp đến hoặc đã quá');
			expect(part).toContain('hạn 10/12/2026');
			expect(part).toContain(`${ORIGIN}/canh-bao/`);
			expect(part).toContain(`${ORIGIN}/thiet-bi/7`);
			expect(part).toContain(`${ORIGIN}/thong-bao/cai-dat`);
			for (const absent of ['Sở Tài chính', 'Đã đọc rồi', 'Đã gia hạn xong'])
				expect(part).not.toContain(absent);
		}
		expect(html).toContain(`<a href="${ORIGIN}/thiet-bi/7">Thiết bị chưa nộp lại cho CA</a>`);
		// Agencies in order, each a heading: Bệnh viện … before Sở Y tế.
		expect(html.indexOf('Bệnh viện Đa khoa Đồng Tháp (1)')).toBeLessThan(html.indexOf('Sở Y tế (1)'));

		const [b] = smtp.to(mail.officerB);
		expect(b!.mail.subject).toBe('Kiểm Ký: 1 việc cần xử lý ngày 05/12/2026');
		expect(b!.mail.text).toContain('Yêu cầu khôi phục quá hạn');
		expect(b!.mail.text).not.toContain('Cảnh báo ký sai chức danh');

		const [admin] = smtp.to(mail.admin);
		expect(admin!.mail.text).toContain('Chung (không thuộc riêng cơ quan nào)');
		expect(admin!.mail.text).toContain('Cảnh báo mới ở Sở Tài chính');

		// Every send recorded: to whom, what, when, the server's answer and the message id it saw.
		const row = await digest(users.officerA, '2026-12-05');
		expect(row).toMatchObject({ status: 'sent', recipient: mail.officerA, attempts: 1, error: null });
		// In the order the message lists them (by agency name).
		expect(row!.notification_ids).toEqual([a2, a1]);
		expect(row!.smtp_response).toMatch(/^250 .*OK: đã nhận/);
		expect(row!.message_id).toBe(a!.mail.messageId);
		expect(row!.sent_at).toBeInstanceOf(Date);
		expect((await digest(users.inspector, '2026-12-05'))?.status).toBe('empty');
		expect(await digest(users.noMail, '2026-12-05')).toBeUndefined();
	});

	it('sends nothing more the same day, and the next day only what is new', async () => {
		const before = smtp.received.length;
		await notify(users.officerA, { agencyId: ids.A, title: 'Cảnh báo đến sau giờ gửi' });
		clock.set('2026-12-05T15:00:00+07:00');
		const again = await run();
		expect(again.counts).toMatchObject({ mailsSent: 0, alreadySent: 3 });
		expect(smtp.received.length).toBe(before);

		clock.set('2026-12-06T07:00:00+07:00');
		await run();
		const next = smtp.to(mail.officerA).at(-1)!;
		expect(next.mail.subject).toBe('Kiểm Ký: 1 việc cần xử lý ngày 06/12/2026');
		expect(next.mail.text).toContain('Cảnh báo đến sau giờ gửi');
		expect(next.mail.text).not.toContain('Chứng thư của Giám đốc sắp hết hạn');
		// Nothing new for the others: no mail.
		expect(smtp.received.length).toBe(before + 1);
	});

	it('records a refused recipient, shows it, and the retry sends only that one', async () => {
		clock.set('2026-12-07T07:00:00+07:00');
		await notify(users.officerA, { agencyId: ids.A, title: 'Việc ngày 07/12 của Sở Y tế' });
		await notify(users.officerB, {
			kind: 'deadline',
			agencyId: ids.B,
			title: 'Việc ngày 07/12 của Sở Tài chính'
		});
		smtp.refuse.add(mail.officerA);
		const failed = await run('failed');
		expect(failed.error).toContain('1 thư gửi lỗi');
		expect(failed.error).toContain(`coquan.a <${mail.officerA}> (lần 1)`);
		expect(failed.error).toContain('Sẽ thử lại');
		const row = await digest(users.officerA, '2026-12-07');
		expect(row).toMatchObject({ status: 'failed', attempts: 1 });
		expect(row!.smtp_response).toMatch(/^550/);
		const listed = await failedDigests(h.db);
		expect(listed.map((d) => [d.username, d.day, d.attempts])).toEqual([['coquan.a', '2026-12-07', 1]]);
		expect(smtp.to(mail.officerB).filter((m) => m.mail.subject?.endsWith('07/12/2026'))).toHaveLength(1);

		// The runner queued a retry with a backoff; the relay takes the address again.
		smtp.refuse.clear();
		clock.set('2026-12-07T07:01:00+07:00');
		const [retry] = await runner.pollOnce();
		expect(retry?.trigger).toBe('retry');
		expect(retry?.status, retry?.error ?? '').toBe('succeeded');
		expect(retry!.counts).toMatchObject({ mailsSent: 1, alreadySent: 1 });
		expect(await digest(users.officerA, '2026-12-07')).toMatchObject({
			status: 'sent',
			attempts: 2,
			error: null
		});
		for (const to of [mail.officerA, mail.officerB])
			expect(
				smtp.to(to).filter((m) => m.mail.subject?.endsWith('07/12/2026')),
				to
			).toHaveLength(1);
		expect(await failedDigests(h.db)).toEqual([]);
	});

	it('gives up after three attempts when the relay keeps closing the connection', async () => {
		clock.set('2026-12-08T07:00:00+07:00');
		await notify(users.officerB, { kind: 'deadline', agencyId: ids.B, title: 'Việc ngày 08/12' });
		smtp.drop.add(mail.officerB);
		await run('failed');
		clock.set('2026-12-08T07:01:00+07:00');
		expect((await runner.pollOnce())[0]?.status).toBe('failed');
		clock.set('2026-12-08T07:03:00+07:00');
		const [last] = await runner.pollOnce();
		expect(last?.status).toBe('failed');
		expect(last?.error).toContain('Đã thử 3 lần: không thử lại');
		const row = await digest(users.officerB, '2026-12-08');
		expect(row).toMatchObject({ status: 'failed', attempts: 3 });
		expect(row!.smtp_response).toMatch(/^421/);
		expect(smtp.to(mail.officerB).filter((m) => m.mail.subject?.endsWith('08/12/2026'))).toEqual([]);
		// A later run that day leaves it alone.
		smtp.drop.clear();
		clock.set('2026-12-08T12:00:00+07:00');
		await run();
		expect(smtp.to(mail.officerB).filter((m) => m.mail.subject?.endsWith('08/12/2026'))).toEqual([]);
		expect((await failedDigests(h.db)).map((d) => d.username)).toEqual(['coquan.b']);
	});

	it('a crash between the send and its record: the resumed run sends the rest and nobody twice', async () => {
		clock.set('2026-12-09T07:00:00+07:00');
		await notify(users.admin, { title: 'Việc ngày 09/12 của quản trị' });
		await notify(users.officerA, { agencyId: ids.A, title: 'Việc ngày 09/12 của Sở Y tế' });
		await notify(users.officerB, {
			kind: 'deadline',
			agencyId: ids.B,
			title: 'Việc ngày 09/12 của Sở Tài chính'
		});
		// The process "dies" after officer A's message went out and before it was recorded sent.
		await sql`create function crash_on_sent() returns trigger language plpgsql as $$
			begin raise exception 'mô phỏng máy chủ dừng'; end $$`.execute(h.db);
		await sql`create trigger crash_on_sent before update on mail_digests for each row
			when (new.status = 'sent' and new.user_id = ${sql.lit(users.officerA)}) execute function crash_on_sent()`.execute(
			h.db
		);
		const crashed = await run('failed');
		expect(crashed.error).toContain('mô phỏng máy chủ dừng');
		const of = (to: string) => smtp.to(to).filter((m) => m.mail.subject?.endsWith('09/12/2026'));
		expect(of(mail.admin)).toHaveLength(1);
		expect(of(mail.officerA)).toHaveLength(1);
		expect(of(mail.officerB)).toHaveLength(0);
		expect((await digest(users.officerA, '2026-12-09'))?.status).toBe('pending');

		await sql`drop trigger crash_on_sent on mail_digests`.execute(h.db);
		clock.set('2026-12-09T07:05:00+07:00');
		const resumed = await run();
		expect(resumed.counts).toMatchObject({ interrupted: 1, mailsSent: 1, alreadySent: 1 });
		expect(of(mail.admin)).toHaveLength(1);
		expect(of(mail.officerA)).toHaveLength(1);
		expect(of(mail.officerB)).toHaveLength(1);
		const left = await digest(users.officerA, '2026-12-09');
		expect(left).toMatchObject({ status: 'failed', attempts: 3 });
		expect(left!.error).toContain('không gửi lại để tránh trùng');
	});

	it('without KIEMKY_SMTP_URL sends nothing and says so', async () => {
		const silent = new JobRunner({
			db: h.db,
			jobs: [makeMailDigest({ ORIGIN })],
			clock,
			instanceId: 'U',
			log: () => undefined
		});
		clock.set('2026-12-10T07:00:00+07:00');
		await notify(users.officerA, { agencyId: ids.A, title: 'Việc ngày 10/12' });
		const before = smtp.received.length;
		await silent.enqueue('mail-digest', { trigger: 'manual' });
		const [r] = await silent.pollOnce();
		expect(r?.status).toBe('succeeded');
		expect(r!.counts).toEqual({ smtpNotConfigured: 1 });
		expect(jobResultInWords('vi', r!.counts)).toBe(
			'Chưa cấu hình máy chủ thư (KIEMKY_SMTP_URL): không gửi thư, chỉ thông báo trong ứng dụng.'
		);
		expect(smtp.received.length).toBe(before);
		expect(await digest(users.officerA, '2026-12-10')).toBeUndefined();
	});
});
