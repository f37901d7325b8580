// The jobs page's GET writes nothing: it is read on a session where PostgreSQL refuses every
// write (default_transaction_read_only), on a database where no schedule row exists yet, and
// shows each job of the catalogue with its default schedule. "Chạy ngay" on an instance that runs
// no jobs queues the run through the enqueue path and leaves it to the instances that do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { jobsPage } from '../../../src/lib/server/jobs/queries';
import { runNow } from '../../../src/lib/server/jobs/service';
import { JOB_CATALOGUE } from '../../../src/lib/jobs/catalogue';
import { enqueueRun } from '../../../src/lib/jobs/enqueue';
import { createUser } from '../../../src/lib/server/auth/users';
import type { AuthUser } from '../../../src/lib/server/auth/roles';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => {
	await h.close();
});

describe('the jobs page', () => {
	it('reads on a read-only session, with no schedule row yet, and writes nothing', async () => {
		expect(await h.db.selectFrom('job_schedules').selectAll().execute()).toEqual([]);
		const page = await h.db.connection().execute(async (conn) => {
			await sql`set default_transaction_read_only = on`.execute(conn);
			try {
				return await jobsPage(conn, new Date('2026-12-05T10:00:00+07:00'));
			} finally {
				await sql`set default_transaction_read_only = off`.execute(conn);
			}
		});
		expect(page.jobs.map((j) => j.name)).toEqual(JOB_CATALOGUE.map((j) => j.name));
		for (const j of page.jobs) {
			const meta = JOB_CATALOGUE.find((m) => m.name === j.name)!;
			expect(j).toMatchObject({
				title: meta.title,
				cron: meta.defaultCron,
				enabled: true,
				catchUp: meta.catchUp
			});
			expect(j.nextRun).not.toBeNull();
		}
		expect(await h.db.selectFrom('job_schedules').selectAll().execute()).toEqual([]);
	});

	it('"Chạy ngay" where no job runtime runs queues the run (payload validated) and leaves it queued', async () => {
		const userId = await createUser(
			h.db,
			{ username: 'tv.queue', displayName: 'Quản trị', password: 'mat-khau-dai-du', roles: ['admin'] },
			{ userId: null, actor: 'test', ip: null }
		);
		const user: AuthUser = {
			id: userId,
			username: 'tv.queue',
			displayName: 'Quản trị',
			roles: ['admin'],
			agencyId: null,
			scope: { kind: 'all' },
			sessionId: 'test'
		};
		const id = await runNow(h.db, user, 'archive-reverify', null);
		const run = await h.db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		// The schema's default filled in: the payload went through the job's zod schema.
		expect(run).toMatchObject({
			status: 'queued',
			trigger: 'manual',
			requested_by: userId,
			payload: { full: false }
		});
		await expect(runNow(h.db, user, 'no-such-job', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('the enqueue path refuses a bad payload in Vietnamese, naming the field, and queues nothing', async () => {
		const enqueue = (name: string, payload: unknown) =>
			enqueueRun(h.db, JOB_CATALOGUE, name, { trigger: 'cli', payload }, new Date());
		await expect(enqueue('revocation-scan', { online: 'yes' })).rejects.toThrow(
			'Tham số của tác vụ revocation-scan không hợp lệ: "online" phải có kiểu boolean (nhận string)'
		);
		await expect(enqueue('expiry-scan', { full: true })).rejects.toThrow(
			'Tham số của tác vụ expiry-scan không hợp lệ: không có tham số "full"'
		);
		await expect(enqueue('kiem-tra', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const queued = await h.db
			.selectFrom('job_runs')
			.select('id')
			.where('job_name', 'in', ['revocation-scan', 'expiry-scan'])
			.execute();
		expect(queued).toEqual([]);
	});
});
