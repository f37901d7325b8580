// What the server does once at start: migrate, seed demo data into an empty database (unless
// KIEMKY_DEMO=0), and start the job runtime: the scheduler and the runner (unless
// KIEMKY_SCHEDULER=off, where only "Chạy ngay" clicked here runs here). The runtime, and with it
// every job handler, is imported only here and only when the server starts.
import { closeDb, getDbHandle } from './db/index';
import { migrateToLatest } from './db/migrate';
import { AppError } from '../errors';
import { isDatabaseEmpty, seedDemoData, DEMO_USERS } from './seed/demo';
import { JOB_CATALOGUE } from '../jobs/catalogue';
import { enqueueRun } from '../jobs/enqueue';
import { environmentError } from './config/environment';
import { keepServingOnStrayRejections } from './process-guards';

// After a demo seed the audit jobs run once, so that a newcomer's first look shows the findings the
// demo data plants instead of an empty "Cảnh báo" page until the first night; then the
// notifications are made from what they found, so the demo users' bells have something to show.
const FIRST_LOOK_JOBS = [
	'revocation-scan',
	'expiry-scan',
	'misuse-scan',
	'deadline-watch',
	'archive-reverify',
	'notifications-refresh'
];

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const misconfigured = environmentError(env);
	if (misconfigured) {
		console.error(`[kiem-ky] ${misconfigured}`);
		process.exit(1);
	}
	keepServingOnStrayRejections();
	const handle = await getDbHandle();
	const outcome = await migrateToLatest(handle.db);
	if (outcome.error) throw new AppError('MIGRATION_FAILED', undefined, undefined, { cause: outcome.error });
	if (outcome.applied.length) console.log(`[kiem-ky] migrations applied: ${outcome.applied.length}`);

	let seeded = false;
	if (env.KIEMKY_DEMO !== '0' && (await isDatabaseEmpty(handle.db))) {
		seeded = true;
		const scale = Number(env.KIEMKY_SEED_SCALE ?? '1');
		const started = Date.now();
		console.log(`[kiem-ky] empty database: seeding demo data (scale ${scale}) …`);
		const summary = await seedDemoData(handle.db, { scale, log: (m) => console.log(`[kiem-ky] ${m}`) });
		console.log(
			`[kiem-ky] demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`
		);
		console.log('[kiem-ky] demo sign-ins (password for all: ' + DEMO_USERS.password + '):');
		for (const u of DEMO_USERS.users) console.log(`[kiem-ky]   ${u.username.padEnd(12)} ${u.label}`);
	}
	console.log(`[kiem-ky] database: ${handle.kind} (${handle.location})`);

	// Jobs: the runner always (it executes "run now"), the cron schedules unless KIEMKY_SCHEDULER=off.
	// On SIGTERM/SIGINT a running job checkpoints and its continuation is queued for the next start.
	const { startJobRuntime, stopJobRuntime } = await import('../jobs/runtime');
	const jobs = await startJobRuntime(handle.db, {
		scheduler: env.KIEMKY_SCHEDULER !== 'off',
		postgres: handle.kind === 'postgres'
	});
	console.log(`[kiem-ky] scheduler: ${jobs.scheduler ? 'on' : 'off'} (instance ${jobs.runner.instanceId})`);
	if (seeded && env.KIEMKY_DEMO_SCANS !== '0') {
		const ids: number[] = [];
		for (const jobName of FIRST_LOOK_JOBS) {
			const id = await enqueueRun(handle.db, JOB_CATALOGUE, jobName, { trigger: 'manual' }, new Date());
			if (id !== null) ids.push(id);
		}
		console.log(`[kiem-ky] running the audit scans once on the demo data (see "Tác vụ")`);
		void (async () => {
			for (const id of ids) await jobs.runner.runQueued(id);
		})().catch((e: unknown) => console.error(`[kiem-ky] first demo scans: ${(e as Error).message}`));
	}
	// adapter-node emits this once it has stopped taking requests and the open ones are answered: close
	// the database then, so that nothing (a pool, PGlite's timers) keeps the process alive.
	process.once('sveltekit:shutdown', () => {
		void stopJobRuntime()
			.then(() => closeDb())
			.catch((e: unknown) => console.error(`[kiem-ky] shutdown: ${(e as Error).message}`));
	});
	for (const signal of ['SIGTERM', 'SIGINT'] as const)
		process.once(signal, () => {
			// Re-raise when no one else (adapter-node) handles the signal, so the default exit still happens.
			void stopJobRuntime().finally(() => {
				if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
			});
		});
}
