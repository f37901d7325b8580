// Vietnam days for the demo data: local midnights as instants, weekdays, and public holidays (date-holidays' VN
// public days, widened to the week of Tết and the second Quốc khánh day, as the government fixes them each year).
import Holidays from 'date-holidays';

export const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

/** The instant of 00:00 Vietnam time on the Vietnam day containing `d`. */
export function vnMidnight(d: Date): Date {
	const shifted = d.getTime() + VN_OFFSET_MS;
	return new Date(shifted - (shifted % DAY_MS) - VN_OFFSET_MS);
}

/** 'YYYY-MM-DD' of the Vietnam day containing `d`. */
export function vnDate(d: Date): string {
	return new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, in Vietnam. */
export function vnWeekday(d: Date): number {
	return new Date(d.getTime() + VN_OFFSET_MS).getUTCDay();
}

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
				const base = new Date(`${day}T00:00:00Z`);
				// Tết: the government gives about a week around the first day of the lunar year.
				if (/Tết Nguyên Đán/.test(h.name) && !/Giao thừa/.test(h.name))
					for (let k = -2; k <= 4; k++)
						this.days.add(new Date(base.getTime() + k * DAY_MS).toISOString().slice(0, 10));
				if (/Quốc khánh/.test(h.name))
					this.days.add(new Date(base.getTime() - DAY_MS).toISOString().slice(0, 10));
			}
		}
	}

	isHoliday(midnight: Date): boolean {
		return this.days.has(vnDate(midnight));
	}

	/** Monday to Friday and not a public holiday. */
	isWorkingDay(midnight: Date): boolean {
		const wd = vnWeekday(midnight);
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
