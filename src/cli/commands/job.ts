// `kiem-ky job list | run NAME [--json] [--payload JSON]`: the scheduled jobs (read as the jobs
// page reads them), and running one now in this process through the runner's enqueue path
// (payload validated; progress on stderr, exit 1 on failure).
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs, UsageError } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { JOB_CATALOGUE } from '../../lib/jobs/catalogue';
import { activeRun } from '../../lib/jobs/run-store';
import { latestRun, listJobs, runProgress } from '../../lib/server/jobs/queries';
import { cancelQueuedRun } from '../../lib/server/jobs/service';
import { formatDateTime } from '../../lib/i18n/format';

const usage = `Cách dùng:
  kiem-ky job list                       liệt kê tác vụ, lịch chạy, lần chạy kế tiếp và kết quả gần nhất
  kiem-ky job run TÊN [--json] [--payload JSON]
                                         chạy ngay một tác vụ; in tiến độ; mã thoát 1 nếu thất bại

  --json      in kết quả cuối cùng dạng JSON (stdout)
  --payload   tham số của tác vụ, ví dụ '{"full":true}' cho archive-reverify, '{"online":true}' cho revocation-scan

Tác vụ: ${JOB_CATALOGUE.map((j) => j.name).join(', ')}`;

async function list(json: boolean): Promise<number> {
	const handle = await openDatabaseFromEnv();
	try {
		const rows = [];
		for (const j of await listJobs(handle.db, new Date())) {
			const last = await latestRun(handle.db, j.name);
			rows.push({
				name: j.name,
				title: j.title,
				cron: j.cron,
				enabled: j.enabled,
				next: j.nextRun,
				last
			});
		}
		if (json) console.log(JSON.stringify(rows, null, 2));
		else
			for (const r of rows)
				console.log(
					`${r.name.padEnd(18)} ${r.cron.padEnd(18)} ${r.enabled ? 'bật' : 'tắt'}  kế tiếp: ${r.next ? formatDateTime(r.next) : '—'}  gần nhất: ${r.last ? `${r.last.status} ${formatDateTime(r.last.finished_at ?? r.last.started_at)}` : 'chưa chạy'}\n${' '.repeat(19)}${r.title}`
				);
		return EXIT.OK;
	} finally {
		await handle.close();
	}
}

async function run(name: string, json: boolean, payloadText: string | undefined): Promise<number> {
	if (!JOB_CATALOGUE.some((j) => j.name === name))
		throw new UsageError(
			`không có tác vụ "${name}". Các tác vụ: ${JOB_CATALOGUE.map((j) => j.name).join(', ')}`
		);
	let payload: unknown = {};
	if (payloadText !== undefined) {
		try {
			payload = JSON.parse(payloadText);
		} catch {
			throw new UsageError('--payload phải là JSON hợp lệ');
		}
	}
	const handle = await openDatabaseFromEnv();
	// The handlers (and the PKI engine some of them load) only when a job is really run.
	const [{ JOBS }, { JobRunner }] = await Promise.all([
		import('../../lib/jobs/registry'),
		import('../../lib/jobs/runner')
	]);
	const runner = new JobRunner({
		db: handle.db,
		jobs: JOBS,
		realTimers: true,
		presence: handle.kind === 'postgres',
		isolateRuns: handle.kind === 'postgres',
		log: () => undefined
	});
	const onSignal = () => void runner.stop();
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const id = await runner.enqueue(name, { trigger: 'cli', payload });
		if (id === null) {
			const active = await activeRun(handle.db, name);
			console.error(
				`kiem-ky job: tác vụ ${name} đang chờ hoặc đang chạy${active ? ` (lần chạy #${active.id})` : ''}; thử lại sau.`
			);
			return EXIT.FAILED;
		}
		let lastLine = '';
		const timer = setInterval(() => {
			void runProgress(handle.db, id)
				.then((r) => {
					const line = r?.progress_total ? `tiến độ: ${r.progress_done}/${r.progress_total}` : '';
					if (line && line !== lastLine) console.error(line);
					lastLine = line;
				})
				.catch(() => undefined);
		}, 1000);
		const final = await runner.runQueued(id).finally(() => clearInterval(timer));
		if (!final) {
			// A server instance may have claimed it: that run goes on.
			await cancelQueuedRun(handle.db, id, 'Tác vụ đang chạy ở nơi khác.');
			console.error(`kiem-ky job: tác vụ ${name} đang chạy ở nơi khác; thử lại sau.`);
			return EXIT.FAILED;
		}
		const result = {
			id: final.id,
			job: final.job_name,
			status: final.status,
			counts: final.counts,
			error: final.error,
			startedAt: final.started_at,
			finishedAt: final.finished_at
		};
		if (json) console.log(JSON.stringify(result, null, 2));
		else {
			console.log(
				`${name}: ${final.status === 'succeeded' ? 'hoàn thành' : final.status} (lần chạy #${final.id})`
			);
			console.log(`kết quả: ${JSON.stringify(final.counts)}`);
			if (final.error) console.error(`lỗi: ${final.error}`);
		}
		return final.status === 'succeeded' ? EXIT.OK : EXIT.FAILED;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		// Releases the presence lock's connection, without which the pool would not close.
		await runner.stop();
		await handle.close();
	}
}

export const command: CliCommand = {
	name: 'job',
	summary:
		'Tác vụ định kỳ: liệt kê, chạy ngay (quét hết hạn, thu hồi, sử dụng sai, lưu trữ, thời hạn, báo cáo)',
	usage,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, {
			json: { type: 'boolean' },
			payload: { type: 'string' }
		});
		const [sub, name, ...extra] = positionals;
		if (sub === 'list' && !name) return list(values.json ?? false);
		if (sub === 'run' && name && extra.length === 0) return run(name, values.json ?? false, values.payload);
		console.error(
			`kiem-ky job: ${sub === 'run' ? 'thiếu tên tác vụ' : 'lệnh con không hợp lệ'}. Xem: kiem-ky job --help`
		);
		return EXIT.USAGE;
	}
};
