// Periodic reports (Điều 14.4): the usage report of the period just ended, for each recipient
// (UBND tỉnh, Bộ KH&CN, Ban Cơ yếu), not in the report archive some days after the period ended
// (the periodic-reports job makes them on the 2nd day; a failed or disabled run leaves a gap
// someone must fill by hand). Told to those who generate reports; cleared once it is archived.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { RECIPIENTS } from '../../domain/reports';
import { valueLabel } from '../../i18n/values';
import { periodsDue } from '../../jobs/definitions/periodic-reports';
import { parsePeriod } from '../../reports/period';
import { DAY_MS, formatDate, vietnamDay } from '../../time/vietnam';
import type { NotificationItem } from './item';

/** Days after a period's end before a missing report is told (the job runs on the 2nd day). */
export const REPORT_GRACE_DAYS = 5;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export async function periodicReportItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const periods = periodsDue(vietnamDay(now))
		.usage.map((code) => parsePeriod(code))
		.filter((p) => p !== null && now.getTime() >= p.to.getTime() + REPORT_GRACE_DAYS * DAY_MS);
	if (!periods.length) return [];
	// The province-wide report (an agency's own report for its subtree does not stand in for it).
	const made = await db
		.selectFrom('generated_reports as r')
		.innerJoin('agencies as a', 'a.id', 'r.agency_id')
		.select(['r.period', 'r.recipient'])
		.where('r.kind', '=', 'usage')
		.where('a.kind', '=', 'province')
		.where(
			'r.period',
			'in',
			periods.map((p) => p!.code)
		)
		.execute();
	const archived = new Set(made.map((r) => `${r.period}:${r.recipient}`));
	const items: NotificationItem[] = [];
	for (const p of periods)
		for (const recipient of RECIPIENTS) {
			if (archived.has(`${p!.code}:${recipient}`)) continue;
			const label = lowerFirst(p!.label);
			const to = valueLabel('vi', 'recipient', recipient);
			const toEn = valueLabel('en', 'recipient', recipient);
			items.push({
				kind: 'deadline',
				key: `deadline:report:${p!.code}:${recipient}`,
				agencyId: null,
				severity: 'medium',
				titleVi: `Báo cáo ${label} gửi ${to} chưa được lập`,
				titleEn: `The ${p!.code} report to the ${toEn} has not been made`,
				bodyVi: `Báo cáo tình hình quản lý, sử dụng chữ ký số ${label} (Điều 14.4) gửi ${to} chưa có trong kho báo cáo; kỳ báo cáo kết thúc ngày ${formatDate(p!.lastDay)}.`,
				bodyEn: `The management and use report for ${p!.code} (Art. 14.4) to the ${toEn} is not in the report archive; the period ended on ${formatDate(p!.lastDay)}.`,
				link: '/bao-cao',
				dueAt: null,
				audience: ['admin', 'inspector', 'report_staff'],
				fresh: true
			});
		}
	return items;
}
