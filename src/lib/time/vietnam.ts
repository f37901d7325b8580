// Vietnam time in one place, for the server, the jobs, the CLI and the browser alike: the calendar
// day and wall clock of an instant, the instant a Vietnam day or month starts, strict calendar days,
// and the dd/MM/yyyy formats every page shows.
//
// Vietnam keeps UTC+07:00 all year (no daylight saving; the same offset since 13/06/1975), so
// everything here is arithmetic on that fixed offset: it gives the same answers as PostgreSQL's
// `Asia/Ho_Chi_Minh` session time zone and the `+07` partition bounds for every instant the app
// holds, and it does not depend on the browser's or Node's time-zone data (Intl was used by some
// of the copies this module replaces, which for instants before 1975 followed the zone's history
// and disagreed with the others).
//
// Calendar days are strings 'YYYY-MM-DD' (what a PostgreSQL `date` column gives); instants are Dates.

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** The offset as ISO 8601 writes it. */
export const VIETNAM_UTC_OFFSET = '+07:00';
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/** A Vietnam wall clock: month 1-12, weekday 0 (Sunday) to 6 (Saturday). */
export interface VietnamWallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	weekday: number;
}

/** The Vietnam wall clock at an instant. */
export function vietnamWallClock(instant: Date): VietnamWallClock {
	const s = new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS);
	return {
		year: s.getUTCFullYear(),
		month: s.getUTCMonth() + 1,
		day: s.getUTCDate(),
		hour: s.getUTCHours(),
		minute: s.getUTCMinutes(),
		second: s.getUTCSeconds(),
		weekday: s.getUTCDay()
	};
}

/** The Vietnam calendar day ('YYYY-MM-DD') of an instant. */
export function vietnamDay(instant: Date): string {
	const c = vietnamWallClock(instant);
	return `${pad4(c.year)}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** The year in Vietnam at an instant (not the server's: a UTC server is still in the old year at 01:00 on 1/1 in Vietnam). */
export function vietnamYear(instant: Date): number {
	return vietnamWallClock(instant).year;
}

/** 0 = Sunday … 6 = Saturday, in Vietnam. */
export function vietnamWeekday(instant: Date): number {
	return vietnamWallClock(instant).weekday;
}

/** The day 'YYYY-MM-DD' when (year, month, day) is a real calendar day of years 1-9999, else null. */
export function calendarDay(year: number, month: number, day: number): string | null {
	if (![year, month, day].every(Number.isInteger) || year < 1 || year > 9999) return null;
	if (month < 1 || month > 12 || day < 1) return null;
	// Day 0 of the next month is the last day of this one.
	if (day > new Date(utcMidnight(year, month + 1, 0)).getUTCDate()) return null;
	return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/**
 * True when `text` is 'YYYY-MM-DD' and that day exists. JavaScript's own parser quietly reads
 * 2026-02-30 as 2 March, which some of the copies this replaces let through.
 */
export function isCalendarDay(text: string): boolean {
	const m = ISO_DAY.exec(text);
	return !!m && calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

/** Midnight UTC of (year, month 1-12, day) as milliseconds; month and day may run over. */
function utcMidnight(year: number, month: number, day: number): number {
	// setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
	const d = new Date(0);
	return d.setUTCFullYear(year, month - 1, day);
}

function dayNumber(day: string): number {
	const m = ISO_DAY.exec(day);
	return m ? utcMidnight(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

function dayFromNumber(t: number): string {
	const d = new Date(t);
	return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The calendar day `n` days after (before, when negative) `day`. */
export function addDays(day: string, n: number): string {
	return dayFromNumber(dayNumber(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, of a calendar day. */
export function dayOfWeek(day: string): number {
	return new Date(dayNumber(day)).getUTCDay();
}

/** The first day of a month; the month may run over (0 is December of the year before, 13 January after). */
export function firstDayOfMonth(year: number, month: number): string {
	return dayFromNumber(utcMidnight(year, month, 1));
}

/** The last day of a month (the month may run over, as in firstDayOfMonth). */
export function lastDayOfMonth(year: number, month: number): string {
	return dayFromNumber(utcMidnight(year, month + 1, 0));
}

/**
 * The instant a Vietnam day starts (00:00 in Vietnam): of a calendar day 'YYYY-MM-DD', or of the
 * day containing an instant. Not a real day: an invalid Date.
 */
export function startOfVietnamDay(day: string | Date): Date {
	if (day instanceof Date) {
		const shifted = day.getTime() + VIETNAM_UTC_OFFSET_MS;
		return new Date(shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - VIETNAM_UTC_OFFSET_MS);
	}
	return new Date(isCalendarDay(day) ? dayNumber(day) - VIETNAM_UTC_OFFSET_MS : NaN);
}

/** The instant a Vietnam month starts; the month may run over as in firstDayOfMonth. */
export function startOfVietnamMonth(year: number, month: number): Date {
	return startOfVietnamDay(firstDayOfMonth(year, month));
}

/** A Vietnam wall-clock time as an instant; null when the day does not exist or the time is out of range. */
export function vietnamInstant(day: string, hour = 0, minute = 0, second = 0): Date | null {
	if (!isCalendarDay(day)) return null;
	const ok = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
	if (!ok(hour, 23) || !ok(minute, 59) || !ok(second, 59)) return null;
	return new Date(dayNumber(day) - VIETNAM_UTC_OFFSET_MS + ((hour * 60 + minute) * 60 + second) * 1000);
}

/** dd/MM/yyyy of a calendar day 'YYYY-MM-DD' (no time zone involved). */
export function formatDay(day: string): string {
	const [y, m, d] = day.split('-');
	return `${d}/${m}/${y}`;
}

const asInstant = (value: Date | string): Date | null => {
	const date = typeof value === 'string' ? new Date(value) : value;
	return Number.isNaN(date.getTime()) ? null : date;
};

/** 25/11/2026. A 'YYYY-MM-DD' string is a calendar date and is not shifted by time zone. */
export function formatDate(value: Date | string | null | undefined): string {
	if (value == null || value === '') return '';
	if (typeof value === 'string' && ISO_DAY.test(value)) return formatDay(value);
	const date = asInstant(value);
	return date ? formatDay(vietnamDay(date)) : '';
}

/** 14:05:09 in Vietnam time. */
export function formatTime(instant: Date): string {
	const c = vietnamWallClock(instant);
	return `${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`;
}

/** 25/11/2026 14:05:09 in Vietnam time. */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (value == null || value === '') return '';
	const date = asInstant(value);
	return date ? `${formatDate(date)} ${formatTime(date)}` : '';
}

/** ISO 8601 with Vietnam's offset, as Điều 13 shows signing times: 2025-12-20T09:15:03+07:00. */
export function formatIsoVietnam(date: Date): string {
	return `${vietnamDay(date)}T${formatTime(date)}${VIETNAM_UTC_OFFSET}`;
}
