// `kiem-ky report <kind> … --out FILE.xlsx`: the same workbooks as the "Báo cáo" page, kept in
// the archive and audited as 'cli:<os user>', and written to FILE.
import { access, constants, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs, UsageError } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import {
	generateDemandPlan,
	generateExpiryReport,
	generateInspectionReport,
	generateUsageReport,
	requirePeriod,
	requireRecipient
} from '../../lib/server/reports/generate';
import { isAppError } from '../../lib/errors';
import { getReportContent, type StoredReport } from '../../lib/server/reports/report-archive';
import { vietnamYear } from '../../lib/time/vietnam';

const KINDS = ['usage', 'demand-plan', 'expiry', 'inspection'] as const;

/** Runs a check that throws AppError and turns its message into a usage error (exit 2). */
function asUsage(check: () => unknown): void {
	try {
		check();
	} catch (e) {
		throw isAppError(e) ? new UsageError(e.message) : e;
	}
}

/** The --out file must be writable before anything is generated, archived and audited. */
async function checkOut(out: string): Promise<void> {
	const dir = path.dirname(path.resolve(out));
	const dirStat = await stat(dir).catch(() => null);
	if (!dirStat?.isDirectory()) throw new UsageError(`--out: thư mục "${dir}" không tồn tại`);
	const outStat = await stat(out).catch(() => null);
	if (outStat?.isDirectory()) throw new UsageError(`--out: "${out}" là một thư mục, cần đường dẫn tệp .xlsx`);
	try {
		await access(outStat ? out : dir, constants.W_OK);
	} catch {
		throw new UsageError(`--out: không có quyền ghi vào "${outStat ? out : dir}"`);
	}
}

function osUser(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

export const command: CliCommand = {
	name: 'report',
	summary: 'Tạo báo cáo Excel (sử dụng, kế hoạch nhu cầu, hết hạn, kiểm tra)',
	usage: `Cách dùng:
  kiem-ky report usage --period 2026-Q3|2026-H1|2026 --recipient ubnd|bo-khcn|ban-co-yeu --out FILE.xlsx
        [--cutoff14] [--problems TEXT] [--proposals TEXT]
  kiem-ky report demand-plan --year 2027 --out FILE.xlsx [--new-staff-rate 0.05]
  kiem-ky report expiry --period 2026-Q4 --out FILE.xlsx
  kiem-ky report inspection --agency CODE --out FILE.xlsx

  --agency CODE   chỉ lấy cơ quan có mã CODE và các đơn vị trực thuộc
  --cutoff14      chốt số liệu ngày 14 tháng cuối kỳ (Nghị định 09/2019) thay vì theo lịch

Báo cáo được lưu vào kho báo cáo (tải lại được trên trang Báo cáo) và ghi nhật ký.`,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, {
			period: { type: 'string' },
			recipient: { type: 'string' },
			year: { type: 'string' },
			agency: { type: 'string' },
			out: { type: 'string' },
			cutoff14: { type: 'boolean' },
			problems: { type: 'string' },
			proposals: { type: 'string' },
			'new-staff-rate': { type: 'string' }
		});
		const kind = positionals[0] as (typeof KINDS)[number] | undefined;
		if (!kind || !KINDS.includes(kind) || positionals.length > 1)
			throw new UsageError(`chọn một loại báo cáo: ${KINDS.join(', ')} (xem kiem-ky report --help)`);
		if (!values.out) throw new UsageError('thiếu --out FILE.xlsx');
		if ((kind === 'usage' || kind === 'expiry') && !values.period) throw new UsageError('thiếu --period');
		if (kind === 'usage' && !values.recipient)
			throw new UsageError('thiếu --recipient ubnd|bo-khcn|ban-co-yeu');
		if (kind === 'inspection' && !values.agency) throw new UsageError('thiếu --agency CODE');
		const year = values.year !== undefined ? Number(values.year) : vietnamYear(new Date()) + 1;
		if (kind === 'demand-plan' && !Number.isInteger(year))
			throw new UsageError(`--year "${values.year}" không phải một năm`);
		const rate =
			values['new-staff-rate'] !== undefined ? Number(values['new-staff-rate'].replace(',', '.')) : undefined;
		if (rate !== undefined && Number.isNaN(rate))
			throw new UsageError('--new-staff-rate phải là một số, ví dụ 0.05');
		if (values.period && (kind === 'usage' || kind === 'expiry'))
			asUsage(() =>
				requirePeriod(values.period!, kind === 'usage' && values.cutoff14 ? 'cutoff14' : 'calendar')
			);
		if (kind === 'usage') asUsage(() => requireRecipient(values.recipient!));
		await checkOut(values.out);

		const handle = await openDatabaseFromEnv();
		try {
			const who = { actor: `cli:${osUser()}`, agencyCode: values.agency ?? null };
			let stored: StoredReport;
			if (kind === 'usage')
				stored = await generateUsageReport(handle.db, {
					...who,
					period: values.period!,
					recipient: values.recipient!,
					convention: values.cutoff14 ? 'cutoff14' : undefined,
					problems: values.problems,
					proposals: values.proposals
				});
			else if (kind === 'demand-plan')
				stored = await generateDemandPlan(handle.db, { ...who, year, newStaffRate: rate });
			else if (kind === 'expiry')
				stored = await generateExpiryReport(handle.db, { ...who, period: values.period! });
			else stored = await generateInspectionReport(handle.db, { ...who, agencyCode: values.agency! });
			const file = await getReportContent(handle.db, { kind: 'all' }, stored.id);
			if (!file) throw new Error('báo cáo vừa tạo không đọc lại được');
			try {
				await writeFile(values.out, file.content);
			} catch (e) {
				throw new Error(
					`không ghi được tệp "${values.out}" (${(e as NodeJS.ErrnoException).code ?? 'lỗi ghi'}); báo cáo số ${stored.id} vẫn có trong kho báo cáo`
				);
			}
			console.log(
				`${values.out}: ${file.content.byteLength} byte, SHA-256 ${stored.sha256} (báo cáo số ${stored.id} trong kho)`
			);
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
