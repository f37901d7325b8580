// `kiem-ky restore FILE [--force]`: puts a `kiem-ky backup` back. On PostgreSQL pg_restore replaces
// the objects in one transaction; on PGlite the current data directory is moved aside, never deleted.
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { defaultDataDir } from '../../lib/server/db/connection';
import { restorePglite, restorePostgres } from '../../lib/server/operations/backup';
import { isAppError } from '../../lib/errors';

export const command: CliCommand = {
	name: 'restore',
	summary: 'Khôi phục cơ sở dữ liệu từ bản sao lưu của kiem-ky backup',
	usage: `Cách dùng: kiem-ky restore TỆP [--force]

  PostgreSQL (DATABASE_URL): pg_restore --clean trong một giao dịch (lỗi thì không đổi gì).
  PGlite: thư mục dữ liệu hiện có chỉ được thay khi có --force, và được giữ lại bên cạnh.
Dừng máy chủ trước khi khôi phục.`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, { force: { type: 'boolean' } });
		if (positionals.length !== 1) {
			console.error('kiem-ky restore: cần đúng một tệp sao lưu');
			return EXIT.USAGE;
		}
		try {
			if (process.env.DATABASE_URL) restorePostgres(process.env.DATABASE_URL, positionals[0]!);
			else {
				const aside = await restorePglite(defaultDataDir(), positionals[0]!, !!values.force);
				if (aside) console.log(`Dữ liệu cũ được giữ ở ${aside}`);
			}
		} catch (e) {
			if (!isAppError(e)) throw e;
			console.error(`kiem-ky restore: ${e.message}`);
			return EXIT.FAILED;
		}
		console.log(`Đã khôi phục từ ${positionals[0]}`);
		return EXIT.OK;
	}
};
