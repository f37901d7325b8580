// `kiem-ky seed --demo`: loads the demo province into an empty database (never into one that holds data).
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { UsageError, parseCliArgs } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { migrateToLatest } from '../../lib/server/db/migrate';
import { DEFAULT_SEED, isDatabaseEmpty, seedDemoData } from '../../lib/server/seed/demo';

export const command: CliCommand = {
	name: 'seed',
	summary: 'Nạp dữ liệu mẫu (tỉnh Đồng Tháp, chứng thư, nhật ký ký số) vào cơ sở dữ liệu trống',
	usage: `Cách dùng: kiem-ky seed --demo [--scale N] [--seed N]

  --demo       nạp dữ liệu mẫu (bắt buộc)
  --scale N    hệ số quy mô: 1 ≈ 2.000 chứng thư và 200.000 lượt ký; 50 ≈ 100.000 chứng thư (mặc định 1)
  --seed N     hạt giống sinh dữ liệu: cùng hạt giống, cùng ngày cho cùng dữ liệu (mặc định ${DEFAULT_SEED})

Chỉ nạp vào cơ sở dữ liệu trống (chưa có cơ quan nào); không bao giờ xóa dữ liệu có sẵn.
Cơ sở dữ liệu: DATABASE_URL (PostgreSQL) nếu có, nếu không là PGlite trong KIEMKY_DATA_DIR (mặc định ./data).`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values } = parseCliArgs(argv, {
			demo: { type: 'boolean' },
			scale: { type: 'string' },
			seed: { type: 'string' }
		});
		if (!values.demo)
			throw new UsageError('thiếu --demo (hiện chỉ có dữ liệu mẫu). Xem: kiem-ky seed --help');
		const scale = Number(values.scale ?? '1');
		if (!Number.isFinite(scale) || scale <= 0 || scale > 200)
			throw new UsageError(`--scale phải là số lớn hơn 0 và không quá 200 (nhận "${values.scale}")`);
		const seed = Number(values.seed ?? DEFAULT_SEED);
		if (!Number.isInteger(seed) || seed < 0)
			throw new UsageError(`--seed phải là số nguyên không âm (nhận "${values.seed}")`);
		const handle = await openDatabaseFromEnv();
		try {
			const outcome = await migrateToLatest(handle.db);
			if (outcome.error) throw outcome.error;
			if (!(await isDatabaseEmpty(handle.db))) {
				console.error(
					'kiem-ky seed: cơ sở dữ liệu đã có dữ liệu; chỉ nạp dữ liệu mẫu vào cơ sở dữ liệu trống.'
				);
				return EXIT.FAILED;
			}
			const started = Date.now();
			const summary = await seedDemoData(handle.db, { scale, seed, log: (m) => console.log(`  ${m}`) });
			console.log(
				`Đã nạp dữ liệu mẫu (quy mô ${scale}, hạt giống ${seed}) trong ${((Date.now() - started) / 1000).toFixed(1)} giây:`
			);
			for (const [table, n] of Object.entries(summary))
				console.log(`  ${table.padEnd(22)} ${n.toLocaleString('vi-VN')}`);
			console.log(`(${handle.kind}: ${handle.location})`);
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
