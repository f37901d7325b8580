// The demo province's agency officer (coquan, Sở Y tế) gets the day's digest at the reserved test
// domain, listing their agency's items and nothing of other agencies; every demo account has an
// address under kiemky.test (RFC 6761), so a demo with SMTP configured never writes to a real person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { makeMailDigest } from '../../../src/lib/jobs/definitions/mail-digest';
import { DEMO_USERS } from '../../../src/lib/server/seed/demo';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';

let h: DbHandle;
let smtp: SmtpCapture;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	smtp = await startSmtpCapture();
});
afterAll(async () => {
	await smtp?.close();
	await h?.close();
});

describe('the demo data and the digest', () => {
	it('gives every demo account an address under kiemky.test', async () => {
		const rows = await h.db.selectFrom('users').select(['username', 'email']).orderBy('username').execute();
		expect(rows.map((r) => r.username).sort()).toEqual(DEMO_USERS.users.map((u) => u.username).sort());
		for (const r of rows) expect(r.email, r.username).toBe(`${r.username}@kiemky.test`);
	});

	it("sends the agency officer one digest with their agency's items only", async () => {
		const officer = await h.db
			.selectFrom('users as u')
			.innerJoin('agencies as a', 'a.id', 'u.agency_id')
			.select(['u.id', 'a.path'])
			.where('u.username', '=', 'coquan')
			.executeTakeFirstOrThrow();
		// What the notification job would write for a certificate nearing expiry (notify-app's half).
		const certificate = async (inside: boolean) => {
			const c = await h.db
				.selectFrom('certificates as c')
				.innerJoin('agencies as a', 'a.id', 'c.agency_id')
				.select(['c.id', 'c.subject_cn', 'c.agency_id', 'a.name'])
				.where(sql<boolean>`(a.path like ${officer.path + '%'}) = ${inside}`)
				.orderBy('c.id')
				.executeTakeFirstOrThrow();
			return { ...c, summary: `Chứng thư “${c.subject_cn}” hết hạn sau 15 ngày, chưa có yêu cầu gia hạn` };
		};
		const mine = await certificate(true);
		const theirs = await certificate(false);
		await h.db.deleteFrom('notifications').execute();
		for (const f of [mine, theirs])
			await h.db
				.insertInto('notifications')
				.values({
					user_id: officer.id,
					kind: 'certificate_expiry',
					dedupe_key: `expiry:cert:${f.id}:15`,
					agency_id: f.agency_id,
					severity: 'high',
					title_vi: f.summary,
					title_en: `Certificate ${f.subject_cn} expires in 15 days`,
					link: `/chung-thu/${f.id}`
				})
				.execute();

		const runner = new JobRunner({
			db: h.db,
			jobs: [makeMailDigest({ KIEMKY_SMTP_URL: smtp.url, ORIGIN: 'http://localhost:3000' })],
			clock: new ManualClock('2026-12-05T07:00:00+07:00'),
			instanceId: 'D',
			log: () => undefined
		});
		await runner.enqueue('mail-digest', { trigger: 'manual' });
		const [r] = await runner.pollOnce();
		expect(r?.status, r?.error ?? '').toBe('succeeded');
		expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['coquan@kiemky.test']]);
		const { mail } = smtp.received[0]!;
		expect(mail.subject).toBe('Kiểm Ký: 1 việc cần xử lý ngày 05/12/2026');
		expect(mail.text).toContain(mine.name);
		expect(mail.text).toContain(mine.summary);
		expect(mail.text).toContain(`http://localhost:3000/chung-thu/${mine.id}`);
		expect(mail.text).not.toContain(`/chung-thu/${theirs.id}\n`);
		expect(String(mail.html)).not.toContain(theirs.summary);
	});
});
