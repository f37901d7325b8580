// Report periods: a quarter (2026-Q3), a half-year (2026-H1), a year (2026) or, for the expiry
// list, also a month (2026-11). Two conventions: calendar periods, and the cut-off of Decree
// 09/2019 for periodic administrative reports (unconfirmed, so a setting): data runs from the
// 15th of the month before the period to the 14th of the period's last month.
// Boundaries are Vietnam days; `from` is inclusive, `to` exclusive, both as instants.
import {
	addDays,
	firstDayOfMonth,
	formatDay,
	lastDayOfMonth,
	startOfVietnamDay,
	vietnamWallClock
} from '../time/vietnam';

export type PeriodConvention = 'calendar' | 'cutoff14';

export interface ReportPeriod {
	code: string;
	convention: PeriodConvention;
	/** First day, 'YYYY-MM-DD' (inclusive). */
	firstDay: string;
	/** Last day, 'YYYY-MM-DD' (inclusive). */
	lastDay: string;
	/** Start instant (00:00 Vietnam time of firstDay). */
	from: Date;
	/** End instant, exclusive (00:00 Vietnam time of the day after lastDay). */
	to: Date;
	/** "Quý III năm 2026". */
	label: string;
}

const PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$/;
const ROMAN = ['I', 'II', 'III', 'IV'];

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

export function isPeriodCode(code: string): boolean {
	return PATTERN.test(code.trim());
}

/** Parses a period code; null when it is not one. */
export function parsePeriod(code: string, convention: PeriodConvention = 'calendar'): ReportPeriod | null {
	const m = PATTERN.exec(code.trim());
	if (!m) return null;
	const year = Number(m[1]);
	if (year < 2000 || year > 2100) return null;
	const part = m[2];
	let firstMonth = 1;
	let months = 12;
	let label = `năm ${year}`;
	if (part?.startsWith('Q')) {
		const q = Number(part.slice(1));
		firstMonth = (q - 1) * 3 + 1;
		months = 3;
		label = `Quý ${ROMAN[q - 1]} năm ${year}`;
	} else if (part?.startsWith('H')) {
		const h = Number(part.slice(1));
		firstMonth = h === 1 ? 1 : 7;
		months = 6;
		label = h === 1 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`;
	} else if (part) {
		firstMonth = Number(part);
		months = 1;
		label = `tháng ${pad(firstMonth)} năm ${year}`;
	} else label = `Năm ${year}`;
	const lastMonth = firstMonth + months - 1;
	// The cut-off runs from the 15th of the month before to the 14th of the last month.
	const firstDay =
		convention === 'cutoff14'
			? addDays(firstDayOfMonth(year, firstMonth - 1), 14)
			: firstDayOfMonth(year, firstMonth);
	const lastDay =
		convention === 'cutoff14'
			? addDays(firstDayOfMonth(year, lastMonth), 13)
			: lastDayOfMonth(year, lastMonth);
	return {
		code: part ? `${year}-${part}` : `${year}`,
		convention,
		firstDay,
		lastDay,
		from: startOfVietnamDay(firstDay),
		to: startOfVietnamDay(addDays(lastDay, 1)),
		label
	};
}

/** The label inside a sentence: "quý III năm 2026", "năm 2026". */
export function periodPhrase(p: ReportPeriod): string {
	return p.label.charAt(0).toLowerCase() + p.label.slice(1);
}

/** "Quý III năm 2026 (từ 01/07/2026 đến 30/09/2026)". */
export function periodLine(p: ReportPeriod): string {
	const cut = p.convention === 'cutoff14' ? ', số liệu chốt ngày 14 tháng cuối kỳ' : '';
	return `Kỳ báo cáo: ${p.label} (từ ${formatDay(p.firstDay)} đến ${formatDay(p.lastDay)}${cut})`;
}

/** The period containing a day, of the same length as `code` (for defaults in forms). */
export function currentQuarter(now: Date): string {
	const { year, month } = vietnamWallClock(now);
	return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}
