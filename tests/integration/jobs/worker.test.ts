// Web and workers apart on one PostgreSQL: a web instance started with KIEMKY_SCHEDULER=off takes
// no queued run, and a `kiem-ky worker` process (a real child process, as an operator starts it)
// runs it. The worker stops cleanly on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openTestDb } from '../../helpers/db';
import { NEEDS_POSTGRES } from '../../helpers/connection-cut';
import { postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { startJobRuntime, stopJobRuntime } from '../../../src/lib/jobs/runtime';
import { schedulerState } from '../../../src/lib/jobs/runtime-state';
import { enqueueRun } from '../../../src/lib/jobs/enqueue';
import { JOB_CATALOGUE } from '../../../src/lib/jobs/catalogue';

const onPostgres = testDbKind() === 'postgres';
const ROOT = path.resolve(import.meta.dirname, '../../..');

describe.skipIf(!onPostgres)(`kiem-ky worker (${onPostgres ? 'PostgreSQL' : NEEDS_POSTGRES})`, () => {
	let h: DbHandle;
	let worker: ChildProcess | undefined;
	const output: string[] = [];
	beforeAll(async () => {
		h = await openTestDb();
	});
	afterAll(async () => {
		if (worker && worker.exitCode === null) worker.kill('SIGKILL');
		await stopJobRuntime();
		await h?.close();
	});

	it('runs a queued job that a web instance with the scheduler off leaves alone', async () => {
		// The web instance: its job runtime with the scheduler off (it only runs "Chạy ngay" clicked on it).
		const web = await startJobRuntime(h.db, { scheduler: false, postgres: true });
		expect(schedulerState()).toBe('off');
		const id = (await enqueueRun(h.db, JOB_CATALOGUE, 'expiry-scan', { trigger: 'manual' }, new Date()))!;
		expect(id).not.toBeNull();

		worker = spawn(process.execPath, [path.join(ROOT, 'bin/kiem-ky.js'), 'worker'], {
			cwd: ROOT,
			env: {
				...process.env,
				DATABASE_URL: withDatabase(postgresBaseUrl(), h.location),
				KIEMKY_SCHEDULER: ''
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		worker.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
		worker.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
		const exited = new Promise<number | null>((r) => worker!.once('exit', (code) => r(code)));

		const run = () => h.db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		await expect.poll(async () => (await run()).status, { timeout: 90_000, interval: 250 }).toBe('succeeded');
		const done = await run();
		expect(done.instance_id).toContain(`:${worker.pid}:`);
		expect(done.instance_id).not.toBe(web.runner.instanceId);
		expect(web.runner.isRunningHere(id)).toBe(false);
		expect(output.join('')).toMatch(/worker: scheduler on, instance/);
		// The worker inserted the schedules it fires; the web instance had already done so.
		expect(await h.db.selectFrom('job_schedules').select('job_name').execute()).toHaveLength(
			JOB_CATALOGUE.length
		);

		worker.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(output.join('')).toMatch(/worker: SIGTERM, stopping/);
	}, 120_000);
});
