// `kiem-ky serve` (and `npm start`): builds the app when the sources are newer than the build,
// then starts the server, which migrates, seeds an empty database and runs the scheduler.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { environmentError } from '../../lib/server/config/environment';

const SOURCES = ['src', 'migrations', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(p: string): number {
	if (!existsSync(p)) return 0;
	const st = statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
	return newest;
}

export function buildIsStale(root: string): boolean {
	const built = path.join(root, 'build', 'handler.js');
	if (!existsSync(built)) return true;
	const builtAt = statSync(built).mtimeMs;
	return SOURCES.some((s) => newestMtime(path.join(root, s)) > builtAt);
}

export const command: CliCommand = {
	name: 'serve',
	summary: 'Chạy bảng điều khiển và bộ lập lịch (tự build khi cần)',
	usage: `Cách dùng: kiem-ky serve [--port N] [--no-build]

  --port N     cổng (mặc định PORT hoặc 3000)
  --no-build   không build lại dù mã nguồn mới hơn

Biến môi trường: DATABASE_URL, KIEMKY_DATA_DIR, PORT, HOST, ORIGIN (địa chỉ công khai, mặc định
http://localhost:PORT), BODY_SIZE_LIMIT (mặc định 25M), KIEMKY_DEMO=0 (không nạp dữ liệu mẫu), KIEMKY_SCHEDULER=off (tắt bộ lập lịch).`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values } = parseCliArgs(argv, { port: { type: 'string' }, 'no-build': { type: 'boolean' } });
		const misconfigured = environmentError(process.env);
		if (misconfigured) {
			console.error(`kiem-ky serve: ${misconfigured}`);
			return EXIT.USAGE;
		}
		const root = process.cwd();
		if (!values['no-build'] && buildIsStale(root)) {
			console.log('[kiem-ky] building the dashboard …');
			const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
				stdio: ['ignore', 'ignore', 'inherit'],
				cwd: root
			});
			// The CLI bundle too (dist/cli), as `npm run build` does: the next command then starts without tsx.
			const cli =
				r.status === 0
					? spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.js')], {
							stdio: ['ignore', 'ignore', 'inherit'],
							cwd: root
						})
					: r;
			if (r.status !== 0 || cli.status !== 0) {
				console.error('kiem-ky serve: build thất bại (xem lỗi ở trên).');
				return EXIT.FAILED;
			}
		}
		const port = values.port ?? process.env.PORT ?? '3000';
		if (!/^\d+$/.test(port)) {
			console.error(`kiem-ky serve: cổng không hợp lệ: ${port}`);
			return EXIT.USAGE;
		}
		process.env.PORT = port;
		process.env.ORIGIN ??= `http://localhost:${port}`;
		// adapter-node refuses bodies over 512 KB by default; signed PDFs and certificate bundles
		// are larger. The pages themselves enforce a 20 MB limit with a clear message.
		process.env.BODY_SIZE_LIMIT ??= '25M';
		// adapter-node starts listening when its entry module is imported; SvelteKit's init hook
		// (hooks.server.ts) migrates and seeds before the first request is answered.
		await import(pathToFileURL(path.join(root, 'build', 'index.js')).href);
		console.log(`[kiem-ky] Kiểm Ký: ${process.env.ORIGIN}`);
		return new Promise<number>(() => {
			/* serve until the process is stopped */
		});
	}
};
