// Reporting periods of the overview, in Vietnam calendar days (pure, shared by the server and the
// page): a month, quarter, half-year or year, or a custom range; the part of it that has happened
// (a current period is partial, up to today); and the two periods it is compared with: the same
// days a year earlier, and the period of equal length just before. A partial period is compared
// with the same number of days of the other (1-4 December against 1-4 November, not all November).
//
// In the URL a period is `ky=`: `m12-2026` (month), `q3-2026` (quarter), `h1-2026` (half-year),
// `y2026` (year); a custom range is `tu=dd/MM/yyyy&den=dd/MM/yyyy`. No period: this month.
import { addDays, firstDayOfMonth, isCalendarDay, lastDayOfMonth, vietnamDay } from './vietnam';

export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Inclusive Vietnam days 'YYYY-MM-DD'. */
export interface DaySpan {
	from: string;
	to: string;
}

export interface Period extends DaySpan {
	kind: PeriodKind;
	/** The `ky` value (empty for a custom range). */
	key: string;
	/** Vietnamese label: "Quý 3/2026", "Tháng 12/2026", "06/01/2026 – 20/03/2026". */
	label: string;
}

export interface ResolvedPeriod {
	period: Period;
	/** The days of the period up to today (the whole period when it is over). */
	elapsed: DaySpan;
	/** True when today falls inside the period, so only part of it has happened. */
	partial: boolean;
	/** The same days one year earlier. */
	lastYear: DaySpan;
	/** The preceding period of the same kind (for a custom range: the days just before), cut to the elapsed length. */
	previous: DaySpan;
	/** Labels of the two comparisons: "Quý 3/2025", "Quý 2/2026". */
	lastYearLabel: string;
	previousLabel: string;
}

const MONTHS_OF: Record<Exclude<PeriodKind, 'custom'>, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const ymd = (day: string) => day.split('-').map(Number) as [number, number, number];
const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** Days from `from` to `to` inclusive. */
export function spanDays(s: DaySpan): number {
	return Math.round((Date.parse(s.to) - Date.parse(s.from)) / 86_400_000) + 1;
}

/** The same calendar day `years` later (29/02 becomes 28/02 in a common year). */
export function shiftYears(day: string, years: number): string {
	const [y, m, d] = ymd(day);
	const last = Number(lastDayOfMonth(y + years, m).slice(8, 10));
	return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function label(kind: Exclude<PeriodKind, 'custom'>, year: number, index: number): string {
	switch (kind) {
		case 'month':
			return `Tháng ${index}/${year}`;
		case 'quarter':
			return `Quý ${index}/${year}`;
		case 'half':
			return `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}`;
		case 'year':
			return `Năm ${year}`;
	}
}

const KEY_PREFIX = { month: 'm', quarter: 'q', half: 'h' } as const;

/** The preset period of `kind` numbered `index` (1-based) in `year`; the index may run over into the next or last year. */
export function presetPeriod(kind: Exclude<PeriodKind, 'custom'>, year: number, index = 1): Period {
	const per = 12 / MONTHS_OF[kind];
	const zero = year * per + (index - 1);
	const y = Math.floor(zero / per);
	const i = (zero % per) + 1;
	const firstMonth = (i - 1) * MONTHS_OF[kind] + 1;
	return {
		kind,
		key: kind === 'year' ? `y${y}` : `${KEY_PREFIX[kind]}${i}-${y}`,
		label: label(kind, y, i),
		from: firstDayOfMonth(y, firstMonth),
		to: lastDayOfMonth(y, firstMonth + MONTHS_OF[kind] - 1)
	};
}

/** The preset of `kind` that contains `day`. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
	const [y, m] = ymd(day);
	return presetPeriod(kind, y, Math.floor((m - 1) / MONTHS_OF[kind]) + 1);
}

/** A `ky` value as a period, or null when it is not one. */
export function parsePeriodKey(key: string): Period | null {
	let m = /^y(\d{4})$/.exec(key);
	if (m) return presetPeriod('year', Number(m[1]));
	m = /^([mqh])(\d{1,2})-(\d{4})$/.exec(key);
	if (!m) return null;
	const kind = m[1] === 'm' ? 'month' : m[1] === 'q' ? 'quarter' : 'half';
	const index = Number(m[2]);
	if (index < 1 || index > 12 / MONTHS_OF[kind]) return null;
	return presetPeriod(kind, Number(m[3]), index);
}

/** 'dd/MM/yyyy' (or 'YYYY-MM-DD') as a calendar day, or null. */
export function parseDayInput(text: string): string | null {
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
	const day = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
	return isCalendarDay(day) ? day : null;
}

/** A custom range (swapped when reversed). */
export function customPeriod(from: string, to: string): Period {
	if (from > to) [from, to] = [to, from];
	return { kind: 'custom', key: '', label: `${dmy(from)} – ${dmy(to)}`, from, to };
}

export interface PeriodQuery {
	period: Period;
	/** Parameters that were given but could not be read ('ky', 'tu', 'den'). */
	invalid: string[];
}

/** The period a query asks for: `ky`, else `tu`/`den`, else this month. */
export function periodFromQuery(params: URLSearchParams, now = new Date()): PeriodQuery {
	const today = vietnamDay(now);
	const invalid: string[] = [];
	const ky = params.get('ky');
	if (ky) {
		const p = parsePeriodKey(ky);
		if (p) return { period: p, invalid };
		invalid.push('ky');
	}
	const tu = params.get('tu');
	const den = params.get('den');
	if (tu || den) {
		const from = tu ? parseDayInput(tu) : null;
		const to = den ? parseDayInput(den) : today;
		if (tu && !from) invalid.push('tu');
		if (den && !to) invalid.push('den');
		if (from && to) return { period: customPeriod(from, to), invalid };
	}
	return { period: periodContaining('month', today), invalid };
}

/** The elapsed part of a period and its two comparisons, as of `now`. */
export function resolvePeriod(period: Period, now = new Date()): ResolvedPeriod {
	const today = vietnamDay(now);
	const partial = period.from <= today && today < period.to;
	const elapsed: DaySpan = { from: period.from, to: partial ? today : period.to };
	const length = spanDays(elapsed);
	const cut = (s: DaySpan): DaySpan => {
		const to = addDays(s.from, length - 1);
		return { from: s.from, to: partial && to < s.to ? to : s.to };
	};
	if (period.kind === 'custom') {
		const previous = { from: addDays(elapsed.from, -length), to: addDays(elapsed.from, -1) };
		const lastYear = { from: shiftYears(elapsed.from, -1), to: shiftYears(elapsed.to, -1) };
		return {
			period,
			elapsed,
			partial,
			lastYear,
			previous,
			lastYearLabel: `${dmy(lastYear.from)} – ${dmy(lastYear.to)}`,
			previousLabel: `${dmy(previous.from)} – ${dmy(previous.to)}`
		};
	}
	const sameLastYear = periodContaining(period.kind, shiftYears(period.from, -1));
	const before = periodContaining(period.kind, addDays(period.from, -1));
	return {
		period,
		elapsed,
		partial,
		lastYear: cut(sameLastYear),
		previous: cut(before),
		lastYearLabel: sameLastYear.label,
		previousLabel: before.label
	};
}

/** The `ky` choices a picker offers: this and last year's months, quarters, halves and years, newest first. */
export function periodChoices(now = new Date()): Period[] {
	const [y] = ymd(vietnamDay(now));
	const out: Period[] = [];
	for (const year of [y, y - 1]) {
		out.push(presetPeriod('year', year));
		for (let i = 2; i >= 1; i--) out.push(presetPeriod('half', year, i));
		for (let i = 4; i >= 1; i--) out.push(presetPeriod('quarter', year, i));
		for (let i = 12; i >= 1; i--) out.push(presetPeriod('month', year, i));
	}
	return out;
}

/** The 24 months ending with the period's last elapsed month (the trend chart's range). */
export function trendSpan(elapsed: DaySpan): DaySpan {
	const [y, m] = ymd(elapsed.to);
	return { from: firstDayOfMonth(y, m - 23), to: elapsed.to };
}
