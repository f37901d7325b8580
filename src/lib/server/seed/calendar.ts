// Days for the demo data (Vietnam time from $lib/time/vietnam): instant arithmetic, and public holidays (date-holidays' VN
// public days, widened to the week of Tết and the second Quốc khánh day, as the government fixes them each year).
import Holidays from 'date-holidays';
import { DAY_MS, addDays as addCalendarDays, vietnamDay, vietnamWeekday } from '../../time/vietnam';

export { DAY_MS };

export function addDays(d: Date, days: number): Date {
	return new Date(d.getTime() + days * DAY_MS);
}

/** A Vietnam wall-clock time on the day starting at `midnight`. */
export function atTime(midnight: Date, hours: number, minutes = 0, seconds = 0): Date {
	return new Date(midnight.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000);
}

export class HolidayCalendar {
	private readonly days = new Set<string>();

	constructor(fromYear: number, toYear: number) {
		const hd = new Holidays('VN');
		for (let y = fromYear; y <= toYear; y++) {
			for (const h of hd.getHolidays(y)) {
				if (h.type !== 'public') continue;
				const day = h.date.slice(0, 10);
				this.days.add(day);
				// Tết: the government gives about a week around the first day of the lunar year.
				if (/Tết Nguyên Đán/.test(h.name) && !/Giao thừa/.test(h.name))
					for (let k = -2; k <= 4; k++) this.days.add(addCalendarDays(day, k));
				if (/Quốc khánh/.test(h.name)) this.days.add(addCalendarDays(day, -1));
			}
		}
	}

	isHoliday(midnight: Date): boolean {
		return this.days.has(vietnamDay(midnight));
	}

	/** Monday to Friday and not a public holiday. */
	isWorkingDay(midnight: Date): boolean {
		const wd = vietnamWeekday(midnight);
		return wd >= 1 && wd <= 5 && !this.isHoliday(midnight);
	}

	/** The first working day on or after `midnight`. */
	workingDayOnOrAfter(midnight: Date): Date {
		let d = midnight;
		while (!this.isWorkingDay(d)) d = addDays(d, 1);
		return d;
	}

	/** The `n`-th working day after `midnight` (not counting that day). */
	addWorkingDays(midnight: Date, n: number): Date {
		let d = midnight;
		for (let k = 0; k < n;) {
			d = addDays(d, 1);
			if (this.isWorkingDay(d)) k++;
		}
		return d;
	}
}
