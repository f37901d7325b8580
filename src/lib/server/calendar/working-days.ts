// The Vietnamese working-day calendar for civil servants (Monday to Friday), used to compute
// deadlines such as token recovery within 01 working day (Điều 11.2) and device hand-back
// within 5 working days (Decree 68, Mẫu 08). Public holidays come from date-holidays (which
// knows the lunar ones: Tết Nguyên đán, Giỗ Tổ Hùng Vương), plus what it does not know: the
// second Quốc khánh day, compensatory days for holidays falling on a weekend (Labour Code
// Art. 111-112), and the admin-edited exceptions (days off moved, make-up working days).
// All days are Vietnam calendar dates 'YYYY-MM-DD' (day arithmetic in $lib/time/vietnam).
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, startOfVietnamDay, vietnamDay } from '../../time/vietnam';

export type DayKind = 'day_off' | 'working_day';
export interface CalendarException {
	day: string;
	kind: DayKind;
	note?: string;
}

const isWeekend = (day: string) => dayOfWeek(day) === 0 || dayOfWeek(day) === 6;

let holidayLib: Holidays | undefined;

/**
 * The statutory public holidays of a year (Labour Code Art. 112) with their names, before
 * exceptions: date-holidays' 'public' VN days (Tết spans its five days), the second Quốc
 * khánh day (1/9 when 2/9 is a Tuesday, so the weekend joins it; otherwise 3/9), and one
 * compensatory day for each holiday that falls on a Saturday or Sunday (Art. 111), placed on
 * the next weekday that is not itself a holiday.
 */
export function statutoryHolidays(year: number): Map<string, string> {
	holidayLib ??= new Holidays('VN');
	const days = new Map<string, string>();
	for (const h of holidayLib.getHolidays(year)) {
		if (h.type !== 'public') continue;
		// h.date is local 'YYYY-MM-DD hh:mm:ss'; h.end is the instant the holiday ends.
		let day = h.date.slice(0, 10);
		const endDay = vietnamDay(new Date(h.end.getTime() - 1));
		while (day <= endDay) {
			// date-holidays names the five-day span after its first day (Giao thừa): call it all Tết.
			const name = /Tết Nguyên/i.test(h.name) ? 'Tết Nguyên đán' : h.name;
			if (day.startsWith(String(year))) days.set(day, name);
			day = addDays(day, 1);
		}
	}
	const nationalDay = `${year}-09-02`;
	const second = dayOfWeek(nationalDay) === 2 ? `${year}-09-01` : `${year}-09-03`;
	days.set(second, 'Quốc khánh (ngày nghỉ liền kề)');

	const compensatory: [string, string][] = [];
	const taken = new Set(days.keys());
	for (const [day, name] of [...days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		if (!isWeekend(day)) continue;
		let c = addDays(day, 1);
		while (isWeekend(c) || taken.has(c)) c = addDays(c, 1);
		taken.add(c);
		compensatory.push([c, `Nghỉ bù ${name}`]);
	}
	for (const [d, n] of compensatory) days.set(d, n);
	return days;
}

export class WorkingCalendar {
	private readonly exceptions = new Map<string, CalendarException>();
	private readonly years = new Map<number, Map<string, string>>();

	constructor(exceptions: readonly CalendarException[] = []) {
		for (const e of exceptions) this.exceptions.set(e.day, e);
	}

	private holidays(year: number): Map<string, string> {
		let h = this.years.get(year);
		if (!h) {
			h = statutoryHolidays(year);
			this.years.set(year, h);
		}
		return h;
	}

	/** Why a day is off (holiday name, weekend, exception note), or null for a working day. */
	dayOffReason(day: string): string | null {
		const e = this.exceptions.get(day);
		if (e) return e.kind === 'working_day' ? null : (e.note ?? 'Ngày nghỉ (ngoại lệ)');
		const holiday = this.holidays(Number(day.slice(0, 4))).get(day);
		if (holiday) return holiday;
		if (dayOfWeek(day) === 6) return 'Thứ Bảy';
		if (dayOfWeek(day) === 0) return 'Chủ nhật';
		return null;
	}

	isWorkingDay(day: string): boolean {
		return this.dayOffReason(day) === null;
	}

	/** The first working day on or after `day`. */
	nextWorkingDay(day: string): string {
		let d = day;
		for (let i = 0; i < 400 && !this.isWorkingDay(d); i++) d = addDays(d, 1);
		return d;
	}

	/**
	 * The last working day of a period of `n` working days that starts the day after `from`
	 * (Civil Code Art. 147-148: the day of receipt is not counted, so a deadline that would
	 * fall on a day off lands on the next working day).
	 */
	addWorkingDays(from: string, n: number): string {
		if (n < 0 || !Number.isInteger(n)) throw new RangeError('n must be a non-negative integer');
		let d = from;
		let left = n;
		while (left > 0) {
			d = addDays(d, 1);
			if (this.isWorkingDay(d)) left -= 1;
		}
		return n === 0 ? this.nextWorkingDay(from) : d;
	}

	/** The instant a deadline of `n` working days after `received` expires: the end of its last day. */
	deadline(received: Date, n: number): Date {
		const lastDay = this.addWorkingDays(vietnamDay(received), n);
		return startOfVietnamDay(addDays(lastDay, 1));
	}

	/** Working days strictly after `from` up to and including `to` (both Vietnam dates). */
	workingDaysBetween(from: string, to: string): number {
		let count = 0;
		for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
		return count;
	}
}
