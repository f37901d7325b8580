// `kiem-ky audit verify`: walks the audit log's hash chain, sequence and HMACs and reports the first
// edited, deleted, inserted or forged entry (exit 1), or that the chain is intact (exit 0).
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { verifyAuditChain } from '../../lib/server/audit/verify';

export const command: CliCommand = {
	name: 'audit',
	summary: 'Kiểm tra tính toàn vẹn của nhật ký (chuỗi mã băm)',
	usage: `Cách dùng: kiem-ky audit verify [--json]

  verify   duyệt toàn bộ nhật ký theo chuỗi mã băm; báo mục đầu tiên bị sửa, xóa hoặc chèn
  --json   in kết quả dạng JSON

Mã thoát: 0 nguyên vẹn, 1 chuỗi bị phá vỡ, 2 sai cú pháp.`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' } });
		if (positionals[0] !== 'verify' || positionals.length > 1) {
			console.error('kiem-ky audit: thiếu hoặc sai lệnh con; dùng: kiem-ky audit verify');
			return EXIT.USAGE;
		}
		const handle = await openDatabaseFromEnv();
		try {
			const report = await verifyAuditChain(handle.db);
			if (values.json) console.log(JSON.stringify(report));
			else if (report.status === 'intact')
				console.log(
					`intact: nhật ký nguyên vẹn (${report.checked} mục${report.lastSeq ? `, mới nhất số ${report.lastSeq}, mã băm ${report.lastHash}` : ''})` +
						(report.macChecked
							? ''
							: '\ncảnh báo: không có khóa HMAC (KIEMKY_AUDIT_KEY), chưa kiểm tra mã xác thực')
				);
			else
				console.log(
					`BROKEN (${report.problem}): ${report.message}; đã kiểm tra hợp lệ ${report.checked} mục trước đó`
				);
			return report.status === 'intact' ? EXIT.OK : EXIT.FAILED;
		} finally {
			await handle.close();
		}
	}
};
