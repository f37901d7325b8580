// `kiem-ky apikey add|list|revoke`: API keys for the document systems. The key is printed once.
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { createApiKey, listApiKeys, revokeApiKey } from '../../lib/server/auth/api-keys';
import { formatDateTime } from '../../lib/i18n/format';
import { cliWho } from './user';

const USAGE = `Cách dùng:
  kiem-ky apikey add --name TÊN --source HỆ_THỐNG [--agency MÃ]
  kiem-ky apikey list
  kiem-ky apikey revoke --name TÊN

--agency giới hạn khóa trong cơ quan đó và các đơn vị trực thuộc; bỏ trống: toàn tỉnh.
Khóa chỉ được in ra một lần khi tạo: hãy lưu ngay. Hệ thống gọi API bằng tiêu đề
  Authorization: Bearer <khóa>`;

export const command: CliCommand = {
	name: 'apikey',
	summary: 'Quản lý khóa API cho các hệ thống gửi dữ liệu (thêm, liệt kê, thu hồi)',
	usage: USAGE,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, {
			name: { type: 'string' },
			source: { type: 'string' },
			agency: { type: 'string' }
		});
		const sub = positionals[0];
		if (!['add', 'list', 'revoke'].includes(sub ?? '') || positionals.length > 1) {
			console.error('kiem-ky apikey: lệnh con phải là add, list hoặc revoke (xem --help)');
			return EXIT.USAGE;
		}
		if ((sub === 'add' && (!values.name || !values.source)) || (sub === 'revoke' && !values.name)) {
			console.error(`kiem-ky apikey ${sub}: thiếu ${sub === 'add' ? '--name hoặc --source' : '--name'}`);
			return EXIT.USAGE;
		}
		const handle = await openDatabaseFromEnv();
		try {
			if (sub === 'add') {
				const { key } = await createApiKey(
					handle.db,
					{ name: values.name!, sourceSystem: values.source!, agencyCode: values.agency },
					cliWho()
				);
				console.log(`Đã tạo khóa API "${values.name}". Khóa (chỉ hiện một lần):\n${key}`);
			} else if (sub === 'revoke') {
				await revokeApiKey(handle.db, values.name!, cliWho());
				console.log(`Đã thu hồi khóa API "${values.name}".`);
			} else {
				for (const k of await listApiKeys(handle.db))
					console.log(
						[
							k.name.padEnd(20),
							k.keyPrefix,
							k.sourceSystem.padEnd(12),
							k.agencyCode ?? 'toàn tỉnh',
							k.revokedAt ? `thu hồi ${formatDateTime(k.revokedAt)}` : 'hiệu lực',
							k.lastUsedAt ? `dùng lần cuối ${formatDateTime(k.lastUsedAt)}` : 'chưa dùng'
						].join('  ')
					);
			}
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
