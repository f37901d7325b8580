// `kiem-ky summary verify | rebuild [--from D --to D]`: compares the signing roll-ups (daily
// summary, certificates' daily use, last use) with a recomputation from the events and prints
// every difference (exit 1 when any), or rebuilds them from the events.
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs, UsageError } from '../args';
import { openDatabaseFromEnv, type DbHandle } from '../../lib/server/db/connection';
import { rebuildRollups, verifyRollups, type DayBounds } from '../../lib/server/rollups/rollups';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function bounds(from: string | undefined, to: string | undefined): DayBounds {
	for (const [name, v] of [
		['--from', from],
		['--to', to]
	] as const)
		if (v !== undefined && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))))
			throw new UsageError(`${name} phải là ngày dạng YYYY-MM-DD (nhận "${v}")`);
	if (from && to && from > to) throw new UsageError('--from phải không sau --to');
	return { from, to };
}

export const command: CliCommand = {
	name: 'summary',
	summary: 'Kiểm tra hoặc dựng lại số liệu tổng hợp ký số theo ngày',
	usage: `Cách dùng: kiem-ky summary verify|rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

  verify    so sánh số liệu tổng hợp (theo ngày, cơ quan, kênh, hình thức; chứng thư dùng theo ngày;
            lần dùng cuối của chứng thư) với sự kiện ký gốc; in mọi chênh lệch
  rebuild   tính lại số liệu tổng hợp từ sự kiện ký gốc (trong khoảng ngày nếu có)
  --from, --to   khoảng ngày (giờ Việt Nam), mặc định toàn bộ
  --json    in kết quả dạng JSON

Mã thoát: 0 khớp (hoặc đã dựng lại), 1 có chênh lệch, 2 sai cú pháp.`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		return runSummary(argv);
	}
};

/** The command without its help; `open` is the database (tests pass their own). */
export async function runSummary(
	argv: string[],
	open: () => Promise<Pick<DbHandle, 'db' | 'close'>> = openDatabaseFromEnv
): Promise<number> {
	const { values, positionals } = parseCliArgs(argv, {
		from: { type: 'string' },
		to: { type: 'string' },
		json: { type: 'boolean' }
	});
	const action = positionals[0];
	if ((action !== 'verify' && action !== 'rebuild') || positionals.length > 1)
		throw new UsageError('thiếu hoặc sai lệnh con; dùng: kiem-ky summary verify|rebuild');
	const range = bounds(values.from, values.to);
	const handle = await open();
	try {
		if (action === 'rebuild') {
			const counts = await rebuildRollups(handle.db, range);
			if (values.json) console.log(JSON.stringify(counts));
			else
				console.log(
					`Đã dựng lại: ${counts.summaryRows} dòng tổng hợp ngày, ${counts.monthlyRows} dòng tổng hợp tháng theo cơ quan, ${counts.dailyUseRows} dòng chứng thư theo ngày, ${counts.lastUseRows} chứng thư (lần dùng cuối).`
				);
			return EXIT.OK;
		}
		const diffs = await verifyRollups(handle.db, range);
		if (values.json) console.log(JSON.stringify(diffs));
		else if (diffs.length === 0) console.log('Khớp: số liệu tổng hợp bằng số liệu tính lại từ sự kiện ký.');
		else {
			console.log(`Chênh lệch: ${diffs.length} dòng (bảng | khóa | tính từ sự kiện | đang lưu)`);
			for (const d of diffs.slice(0, 200))
				console.log(`${d.table} | ${d.key} | ${d.expected ?? '—'} | ${d.stored ?? '—'}`);
			if (diffs.length > 200) console.log(`… và ${diffs.length - 200} dòng nữa (dùng --json để xem hết)`);
			console.log('Sửa: kiem-ky summary rebuild');
		}
		return diffs.length === 0 ? EXIT.OK : EXIT.FAILED;
	} finally {
		await handle.close();
	}
}
