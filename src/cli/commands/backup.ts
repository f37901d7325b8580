// `kiem-ky backup --out FILE`: a backup of the database the environment names (pg_dump on
// PostgreSQL, a data-directory dump on PGlite). `kiem-ky restore` reads it back.
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { defaultDataDir } from '../../lib/server/db/connection';
import { backupPglite, backupPostgres } from '../../lib/server/operations/backup';
import { isAppError } from '../../lib/errors';

export const command: CliCommand = {
	name: 'backup',
	summary: 'Sao lưu cơ sở dữ liệu (pg_dump, hoặc thư mục dữ liệu PGlite)',
	usage: `Cách dùng: kiem-ky backup --out TỆP

  PostgreSQL (DATABASE_URL): pg_dump định dạng custom; khôi phục bằng kiem-ky restore.
  PGlite (KIEMKY_DATA_DIR): bản sao thư mục dữ liệu (dừng máy chủ trước).
Khóa HMAC của nhật ký (KIEMKY_AUDIT_KEY hoặc tệp audit.key) không nằm trong bản sao lưu: giữ riêng.`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values } = parseCliArgs(argv, { out: { type: 'string' } });
		if (!values.out) {
			console.error('kiem-ky backup: thiếu --out TỆP');
			return EXIT.USAGE;
		}
		try {
			if (process.env.DATABASE_URL) backupPostgres(process.env.DATABASE_URL, values.out);
			else await backupPglite(defaultDataDir(), values.out);
		} catch (e) {
			if (!isAppError(e)) throw e;
			console.error(`kiem-ky backup: ${e.message}`);
			return EXIT.FAILED;
		}
		console.log(`Đã sao lưu vào ${values.out}`);
		return EXIT.OK;
	}
};
