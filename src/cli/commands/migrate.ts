// `kiem-ky migrate`: applies pending migrations (or rolls back the last one with --down).
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { migrateDown, migrateToLatest } from '../../lib/server/db/migrate';

export const command: CliCommand = {
	name: 'migrate',
	summary: 'Cập nhật cấu trúc cơ sở dữ liệu (chạy các migration còn thiếu)',
	usage: `Cách dùng: kiem-ky migrate [--down]

  --down   hoàn tác migration gần nhất

Cơ sở dữ liệu: DATABASE_URL (PostgreSQL) nếu có, nếu không là PGlite trong KIEMKY_DATA_DIR (mặc định ./data).`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values } = parseCliArgs(argv, { down: { type: 'boolean' } });
		const handle = await openDatabaseFromEnv();
		try {
			const outcome = values.down ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
			for (const name of outcome.applied) console.log(`${values.down ? 'hoàn tác' : 'đã áp dụng'}: ${name}`);
			if (outcome.error) {
				console.error(`kiem-ky migrate: thất bại: ${(outcome.error as Error).message ?? outcome.error}`);
				return EXIT.FAILED;
			}
			if (outcome.applied.length === 0) console.log('Cơ sở dữ liệu đã ở phiên bản mới nhất.');
			console.log(`(${handle.kind}: ${handle.location})`);
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
