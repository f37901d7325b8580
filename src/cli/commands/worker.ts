// `kiem-ky worker`: a process that runs the scheduler and the jobs without serving pages, so that a
// deployment scales web instances (KIEMKY_SCHEDULER=off) and workers apart on one PostgreSQL. It
// migrates like the server, takes queued runs, fires the schedules (each tick once across all
// instances), helps with shared batches, and on SIGTERM/SIGINT lets running jobs checkpoint and
// queues their continuation before it exits.
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs, UsageError } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { migrateToLatest } from '../../lib/server/db/migrate';
import { environmentError } from '../../lib/server/config/environment';
import { keepServingOnStrayRejections } from '../../lib/server/process-guards';

const usage = `Cách dùng: kiem-ky worker

Chạy bộ lập lịch và các tác vụ định kỳ, không phục vụ trang web. Dùng khi tách máy chủ web
(đặt KIEMKY_SCHEDULER=off) và máy chạy tác vụ trên cùng một PostgreSQL; chạy bao nhiêu worker
cũng được: mỗi lần chạy theo lịch chỉ chạy một lần. Dừng bằng SIGTERM hoặc Ctrl+C: tác vụ đang
chạy lưu điểm dừng và được tiếp tục sau.

Biến môi trường: DATABASE_URL (bắt buộc, PostgreSQL), KIEMKY_AUDIT_KEY (như máy chủ web).`;

export const command: CliCommand = {
	name: 'worker',
	summary: 'Chạy bộ lập lịch và các tác vụ, không phục vụ trang web (tách web và worker)',
	usage,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(usage);
			return EXIT.OK;
		}
		const { positionals } = parseCliArgs(argv, {});
		if (positionals.length) throw new UsageError('thừa tham số (xem --help)');
		const misconfigured = environmentError(process.env);
		if (misconfigured) {
			console.error(`kiem-ky worker: ${misconfigured}`);
			return EXIT.USAGE;
		}
		if (!process.env.DATABASE_URL?.trim())
			throw new UsageError(
				'cần DATABASE_URL (PostgreSQL): PGlite chỉ phục vụ một tiến trình, khi đó dùng kiem-ky serve'
			);
		keepServingOnStrayRejections();
		const handle = await openDatabaseFromEnv();
		try {
			const outcome = await migrateToLatest(handle.db);
			if (outcome.error) {
				console.error(`kiem-ky worker: migration thất bại: ${(outcome.error as Error).message}`);
				return EXIT.FAILED;
			}
			const stopped = new Promise<NodeJS.Signals>((resolve) => {
				process.once('SIGTERM', () => resolve('SIGTERM'));
				process.once('SIGINT', () => resolve('SIGINT'));
			});
			// The handlers (and the PKI engine some of them load) come with the runtime.
			const { startJobRuntime, stopJobRuntime } = await import('../../lib/jobs/runtime');
			const jobs = await startJobRuntime(handle.db, { scheduler: true, postgres: true });
			if (process.env.KIEMKY_SCHEDULER === 'off')
				console.log(
					'[kiem-ky] worker: KIEMKY_SCHEDULER=off is for web instances; a worker runs the scheduler'
				);
			console.log(`[kiem-ky] worker: scheduler on, instance ${jobs.runner.instanceId} (${handle.location})`);
			const signal = await stopped;
			console.log(`[kiem-ky] worker: ${signal}, stopping (running jobs save their checkpoint) …`);
			await stopJobRuntime();
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
