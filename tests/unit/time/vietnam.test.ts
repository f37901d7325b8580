// Vietnam time, the one module: days and wall clocks of instants across the UTC date line, the
// instants Vietnam days and months start, strict calendar days, formats. Where the copies it
// replaced disagreed, the cases below pin the answer chosen.
import { describe, expect, it } from 'vitest';
import {
	addDays,
	calendarDay,
	dayOfWeek,
	firstDayOfMonth,
	formatDate,
	formatDateTime,
	formatDay,
	formatIsoVietnam,
	isCalendarDay,
	lastDayOfMonth,
	startOfVietnamDay,
	startOfVietnamMonth,
	vietnamDay,
	vietnamInstant,
	vietnamWallClock,
	vietnamWeekday,
	vietnamYear
} from '../../../src/lib/time/vietnam';
import { toSheetDate } from '../../../src/lib/reports/cells';
import { DEFAULT_CRYPTO_POLICY } from '../../../src/lib/pki/crypto-verify';
import { environmentProblems } from '../../../src/lib/server/config/environment';
import { signedAtWindow } from '../../../src/lib/server/import/events';

describe('instants in Vietnam time', () => {
	it('gives the day, wall clock and weekday across the UTC date line', () => {
		// 17:30 UTC on Wednesday 31/12/2025 is 00:30 on Thursday 1/1/2026 in Vietnam.
		const t = new Date('2025-12-31T17:30:05Z');
		expect(vietnamDay(t)).toBe('2026-01-01');
		expect(vietnamWallClock(t)).toEqual({
			year: 2026,
			month: 1,
			day: 1,
			hour: 0,
			minute: 30,
			second: 5,
			weekday: 4
		});
		expect(vietnamWeekday(t)).toBe(4);
		expect(vietnamDay(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
	});

	it('takes the year from Vietnam, not from the server: next year starts at 17:00 UTC on 31/12', () => {
		expect(vietnamYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
		expect(vietnamYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
	});

	it('starts a day at 00:00 in Vietnam, from a calendar day or from any instant of it', () => {
		expect(startOfVietnamDay('2026-03-05').toISOString()).toBe('2026-03-04T17:00:00.000Z');
		expect(startOfVietnamDay(new Date('2026-03-05T16:59:59Z')).toISOString()).toBe(
			'2026-03-04T17:00:00.000Z'
		);
		expect(startOfVietnamDay(new Date('2026-03-05T17:00:00Z')).toISOString()).toBe(
			'2026-03-05T17:00:00.000Z'
		);
		// Before 1970 too (the demo seed's copy got the remainder of a negative time wrong).
		expect(startOfVietnamDay(new Date('1969-07-20T20:17:00Z')).toISOString()).toBe(
			'1969-07-20T17:00:00.000Z'
		);
		expect(Number.isNaN(startOfVietnamDay('2026-02-30').getTime())).toBe(true);
	});

	it('starts months with run-over months, as the partitions and the dashboards count them', () => {
		expect(startOfVietnamMonth(2026, 1).toISOString()).toBe('2025-12-31T17:00:00.000Z');
		expect(startOfVietnamMonth(2026, 13).toISOString()).toBe('2026-12-31T17:00:00.000Z');
		expect(firstDayOfMonth(2026, 0)).toBe('2025-12-01');
		expect(firstDayOfMonth(2026, 3 - 11)).toBe('2025-04-01');
		expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
		expect(lastDayOfMonth(2026, 2)).toBe('2026-02-28');
	});

	it('turns a Vietnam wall-clock time into an instant, refusing what does not exist', () => {
		expect(vietnamInstant('2026-03-05', 9, 15)?.toISOString()).toBe('2026-03-05T02:15:00.000Z');
		expect(vietnamInstant('2026-02-29', 9, 15)).toBeNull();
		expect(vietnamInstant('2026-03-05', 24, 0)).toBeNull();
		expect(vietnamInstant('2026-03-05', 9, 60)).toBeNull();
	});
});

describe('calendar days', () => {
	it('are strict: 30/02 does not exist (JavaScript would read it as 2 March)', () => {
		expect(isCalendarDay('2026-02-28')).toBe(true);
		expect(isCalendarDay('2028-02-29')).toBe(true);
		expect(isCalendarDay('2026-02-29')).toBe(false);
		expect(isCalendarDay('2026-02-30')).toBe(false);
		expect(isCalendarDay('2026-13-01')).toBe(false);
		expect(isCalendarDay('2026-3-5')).toBe(false);
		expect(isCalendarDay('05/03/2026')).toBe(false);
		expect(calendarDay(2026, 4, 31)).toBeNull();
		expect(calendarDay(2026, 4, 30)).toBe('2026-04-30');
	});

	it('add days and know their weekday without any time zone', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(addDays('2024-02-28', 366)).toBe('2025-02-28');
		expect(dayOfWeek('2026-09-02')).toBe(3);
	});
});

describe('formats', () => {
	it('shows instants as dd/MM/yyyy and 24-hour time in Vietnam, calendar days unshifted', () => {
		expect(formatDate(new Date('2025-12-31T17:30:00Z'))).toBe('01/01/2026');
		expect(formatDateTime(new Date('2026-03-04T17:05:09Z'))).toBe('05/03/2026 00:05:09');
		expect(formatDate('2026-02-14')).toBe('14/02/2026');
		expect(formatDay('2026-02-14')).toBe('14/02/2026');
		expect(formatDate('2026-03-05T20:00:00Z')).toBe('06/03/2026');
		expect(formatIsoVietnam(new Date('2025-12-20T02:15:03Z'))).toBe('2025-12-20T09:15:03+07:00');
	});

	it('uses the one +07:00 arithmetic for every instant, so a date shown and a date computed agree', () => {
		// The Intl-based copies followed the zone's history (UTC+08:00 in Saigon in 1960) and showed
		// 02/01/1960 where the others computed 01/01/1960. The app's dates are all after 1975, when both agree.
		const t = new Date('1960-01-01T16:30:00Z');
		expect(formatDate(t)).toBe(formatDay(vietnamDay(t)));
		expect(formatDate(t)).toBe('01/01/1960');
	});
});

describe('where the copies disagreed', () => {
	it('a spreadsheet cell holding an instant as text shows its Vietnam day, as the pages do', () => {
		// The report cells read the first ten characters as a calendar day: 05/03 instead of 06/03.
		const text = '2026-03-05T20:00:00Z';
		const cell = toSheetDate(text)!;
		expect(cell.toISOString().slice(0, 10)).toBe('2026-03-06');
		expect(formatDay(cell.toISOString().slice(0, 10))).toBe(formatDate(text));
		expect(toSheetDate('2026-11-20')!.toISOString()).toBe('2026-11-20T00:00:00.000Z');
	});

	it('the library default SHA-1 and short-RSA cut-off is 01/01/2019 in Vietnam, as the settings page reads it', () => {
		expect(DEFAULT_CRYPTO_POLICY.sha1NotAfter?.toISOString()).toBe('2018-12-31T17:00:00.000Z');
		expect(DEFAULT_CRYPTO_POLICY.weakRsaNotAfter?.toISOString()).toBe('2018-12-31T17:00:00.000Z');
	});

	it('KIEMKY_EVENTS_EARLIEST must be a day that exists', () => {
		expect(environmentProblems({ KIEMKY_EVENTS_EARLIEST: '2026-02-30' })).toEqual([
			'KIEMKY_EVENTS_EARLIEST phải là ngày dạng YYYY-MM-DD'
		]);
		expect(environmentProblems({ KIEMKY_EVENTS_EARLIEST: '2026-02-28' })).toEqual([]);
		// And the import does not roll it over to March either: it keeps its default.
		expect(signedAtWindow({ KIEMKY_EVENTS_EARLIEST: '2026-02-30' }).earliest.toISOString()).toBe(
			'2009-12-31T17:00:00.000Z'
		);
	});
});
