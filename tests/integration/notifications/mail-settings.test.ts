// The administrator's e-mail page and each user's e-mail preferences, through their services on a
// migrated database: the SMTP summary never shows the password, the digest's time moves the
// mail-digest schedule (the jobs page's next run follows), and the preferences write opt-outs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { openTestDb } from '../../helpers/db';
import { mailSettingsView, saveDigestTime } from '../../../src/lib/server/notifications/mail-settings';
import {
	emailPreferences,
	saveEmailPreferences
} from '../../../src/lib/server/notifications/email-preferences';
import { readSetting } from '../../../src/lib/server/settings/store';
import { listJobs } from '../../../src/lib/server/jobs/queries';

let h: DbHandle;
let admin: AuthUser;

beforeAll(async () => {
	h = await openTestDb();
	const u = await h.db
		.insertInto('users')
		.values({ username: 'admin', display_name: 'Quản trị', email: 'admin@kiemky.test', password_hash: 'x' })
		.returning('id')
		.executeTakeFirstOrThrow();
	admin = {
		id: u.id,
		username: 'admin',
		displayName: 'Quản trị',
		roles: ['admin'],
		agencyId: null,
		scope: { kind: 'all' },
		sessionId: 's'
	};
});
afterAll(async () => {
	await h?.close();
});

describe('the e-mail administration page', () => {
	it('says when SMTP is not configured, and shows a configured one without its password', async () => {
		const off = await mailSettingsView(h.db, {});
		expect(off.mail).toMatchObject({ configured: false, host: null, originDefaulted: true });
		expect(off.digestTime).toBe('07:00');
		expect(off.cron).toBe('0 7 * * *');
		expect(off.cronDiffers).toBe(false);

		const on = await mailSettingsView(h.db, {
			KIEMKY_SMTP_URL: 'smtps://kiemky%40dongthap.gov.vn:m%E1%BA%ADt-kh%E1%BA%A9u@mail.dongthap.gov.vn',
			ORIGIN: 'https://kiemky.dongthap.gov.vn/'
		});
		expect(on.mail).toEqual({
			configured: true,
			host: 'mail.dongthap.gov.vn',
			port: 465,
			tls: true,
			user: 'kiemky@dongthap.gov.vn',
			from: 'Kiểm Ký <kiemky@dongthap.gov.vn>',
			origin: 'https://kiemky.dongthap.gov.vn',
			originDefaulted: false
		});
		expect(JSON.stringify(on)).not.toMatch(/m%E1%BA%ADt|mật-khẩu/);
	});

	it('moves the mail-digest schedule with the digest time, audited; refuses a time that is not one', async () => {
		await saveDigestTime(h.db, admin, '18:30', '127.0.0.1');
		expect(await readSetting(h.db, 'notifications.digest_time')).toBe('18:30');
		const view = await mailSettingsView(h.db, {});
		expect(view).toMatchObject({
			digestTime: '18:30',
			cron: '30 18 * * *',
			enabled: true,
			cronDiffers: false
		});
		const job = (await listJobs(h.db, new Date('2026-12-05T09:00:00+07:00'))).find(
			(j) => j.name === 'mail-digest'
		);
		expect(job?.nextRun).toEqual(new Date('2026-12-05T18:30:00+07:00'));
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id', 'details'])
			.where('action', '=', 'settings.digest_time_update')
			.executeTakeFirstOrThrow();
		expect(audit.details).toMatchObject({ before: '07:00', after: '18:30' });

		for (const bad of ['25:00', '7h', '', '07:60'])
			await expect(saveDigestTime(h.db, admin, bad, null), bad).rejects.toMatchObject({
				code: 'INVALID_INPUT'
			});
		expect(await readSetting(h.db, 'notifications.digest_time')).toBe('18:30');

		// Edited by hand on the jobs page: the mail page says the two differ.
		await h.db
			.updateTable('job_schedules')
			.set({ cron: '0 9 * * 1-5' })
			.where('job_name', '=', 'mail-digest')
			.execute();
		expect((await mailSettingsView(h.db, {})).cronDiffers).toBe(true);
	});
});

describe('e-mail preferences', () => {
	it('keeps the kinds ticked, opts out of the others, refuses an unknown kind', async () => {
		expect((await emailPreferences(h.db, admin.id)).kinds.every((k) => k.byEmail)).toBe(true);
		const saved = await saveEmailPreferences(h.db, admin, ['deadline', 'finding'], null);
		expect(saved.email).toBe('admin@kiemky.test');
		expect(saved.kinds.filter((k) => k.byEmail).map((k) => k.kind)).toEqual(['finding', 'deadline']);
		const outs = await h.db
			.selectFrom('notification_email_opt_outs')
			.select('kind')
			.where('user_id', '=', admin.id)
			.orderBy('kind')
			.execute();
		expect(outs.map((o) => o.kind)).toEqual([
			'certificate_expiry',
			'escalation',
			'job_failed',
			'request_decision'
		]);
		await expect(saveEmailPreferences(h.db, admin, ['finding', 'spam'], null)).rejects.toMatchObject({
			code: 'INVALID_INPUT'
		});
		// Nothing changed by the refused save.
		expect((await emailPreferences(h.db, admin.id)).kinds.filter((k) => k.byEmail)).toHaveLength(2);
	});
});
