// What the server does once at start: migrate, seed demo data into an empty database (unless
// KIEMKY_DEMO=0), and start the scheduler (unless KIEMKY_SCHEDULER=off).
import { getDbHandle } from './db/index';
import { migrateToLatest } from './db/migrate';
import { AppError } from '../errors';
import { isDatabaseEmpty, seedDemoData, DEMO_USERS } from './seed/demo';
import { startJobRuntime, stopJobRuntime } from '../jobs/runtime';

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const handle = await getDbHandle();
	const outcome = await migrateToLatest(handle.db);
	if (outcome.error) throw new AppError('MIGRATION_FAILED', undefined, undefined, { cause: outcome.error });
	if (outcome.applied.length) console.log(`[kiem-ky] migrations applied: ${outcome.applied.length}`);

	if (env.KIEMKY_DEMO !== '0' && (await isDatabaseEmpty(handle.db))) {
		const scale = Number(env.KIEMKY_SEED_SCALE ?? '1');
		const started = Date.now();
		console.log(`[kiem-ky] empty database: seeding demo data (scale ${scale}) …`);
		const summary = await seedDemoData(handle.db, { scale, log: (m) => console.log(`[kiem-ky] ${m}`) });
		console.log(`[kiem-ky] demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
		console.log('[kiem-ky] demo sign-ins (password for all: ' + DEMO_USERS.password + '):');
		for (const u of DEMO_USERS.users) console.log(`[kiem-ky]   ${u.username.padEnd(12)} ${u.label}`);
	}
	console.log(`[kiem-ky] database: ${handle.kind} (${handle.location})`);

	// Jobs: the runner always (it executes "run now"), the cron schedules unless KIEMKY_SCHEDULER=off.
	// On SIGTERM/SIGINT a running job checkpoints and its continuation is queued for the next start.
	const jobs = await startJobRuntime(handle.db, env);
	console.log(`[kiem-ky] scheduler: ${jobs.scheduler ? 'on' : 'off'} (instance ${jobs.runner.instanceId})`);
	for (const signal of ['SIGTERM', 'SIGINT'] as const)
		process.once(signal, () => {
			// Re-raise when no one else (adapter-node) handles the signal, so the default exit still happens.
			void stopJobRuntime().finally(() => {
				if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
			});
		});
}
