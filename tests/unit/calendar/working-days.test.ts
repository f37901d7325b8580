import { describe, expect, it } from 'vitest';
import { WorkingCalendar, statutoryHolidays } from '../../../src/lib/server/calendar/working-days';
import { vietnamDay as vietnamDate } from '../../../src/lib/time/vietnam';

const cal = new WorkingCalendar();
const offDays = (from: string, to: string, c = cal) => {
	const out: string[] = [];
	for (
		let d = from;
		d <= to;
		d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
	)
		if (!c.isWorkingDay(d)) out.push(d);
	return out;
};

describe('working-day calendar', () => {
	it('Tết 2026: 14/2 to 22/2 off, 13/2 and 23/2 working', () => {
		expect(offDays('2026-02-12', '2026-02-24')).toEqual([
			'2026-02-14',
			'2026-02-15',
			'2026-02-16',
			'2026-02-17',
			'2026-02-18',
			'2026-02-19',
			'2026-02-20',
			'2026-02-21',
			'2026-02-22'
		]);
		expect(cal.dayOffReason('2026-02-17')).toBe('Tết Nguyên đán');
	});

	it('Tết 2027 (lunar new year on Saturday 6/2): the two weekend days in Tết are compensated on 10/2 and 11/2', () => {
		expect(offDays('2027-02-04', '2027-02-15')).toEqual([
			'2027-02-05',
			'2027-02-06',
			'2027-02-07',
			'2027-02-08',
			'2027-02-09',
			'2027-02-10',
			'2027-02-11',
			'2027-02-13',
			'2027-02-14'
		]);
		expect(cal.isWorkingDay('2027-02-12')).toBe(true);
	});

	it('Giỗ Tổ Hùng Vương follows the lunar calendar (10/3 lunar) and a Sunday one is compensated on Monday', () => {
		expect(cal.dayOffReason('2026-04-26')).toMatch(/Hùng Vương/);
		expect(cal.dayOffReason('2026-04-27')).toMatch(/Nghỉ bù/);
		expect(cal.dayOffReason('2027-04-16')).toMatch(/Hùng Vương/);
		expect(cal.isWorkingDay('2027-04-15')).toBe(true);
	});

	it('30/4 and 1/5 are off; 1/5/2027 (Saturday) is compensated on Monday 3/5', () => {
		expect(offDays('2026-04-29', '2026-05-04')).toEqual([
			'2026-04-30',
			'2026-05-01',
			'2026-05-02',
			'2026-05-03'
		]);
		expect(cal.dayOffReason('2027-05-03')).toMatch(/Nghỉ bù/);
		expect(cal.isWorkingDay('2027-05-04')).toBe(true);
	});

	it('Quốc khánh 2/9 with its adjacent day', () => {
		// 2/9/2026 is a Wednesday: 2/9 and 3/9 off.
		expect(offDays('2026-09-01', '2026-09-04')).toEqual(['2026-09-02', '2026-09-03']);
		// 2/9/2025 is a Tuesday: 1/9 joins the weekend.
		expect(offDays('2025-08-29', '2025-09-03')).toEqual([
			'2025-08-30',
			'2025-08-31',
			'2025-09-01',
			'2025-09-02'
		]);
		expect([...statutoryHolidays(2030).keys()]).toContain('2030-09-02');
	});

	it('admin exceptions: a moved day off and a make-up working Saturday', () => {
		const c = new WorkingCalendar([
			{ day: '2026-01-02', kind: 'day_off', note: 'Nghỉ hoán đổi' },
			{ day: '2026-01-10', kind: 'working_day', note: 'Làm bù' }
		]);
		expect(c.isWorkingDay('2026-01-02')).toBe(false);
		expect(c.dayOffReason('2026-01-02')).toBe('Nghỉ hoán đổi');
		expect(c.isWorkingDay('2026-01-10')).toBe(true);
		expect(cal.isWorkingDay('2026-01-02')).toBe(true);
	});

	it('counts deadlines per the Civil Code: receipt day not counted, days off skipped', () => {
		// Received Friday 13/2/2026, 01 working day: Tết and weekends skipped → Monday 23/2.
		expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
		// Received Thursday 29/10/2026, 5 working days → Thursday 5/11.
		expect(cal.addWorkingDays('2026-10-29', 5)).toBe('2026-11-05');
		// Received Monday, 1 working day → Tuesday.
		expect(cal.addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
		// The deadline instant is the end of that day in Vietnam.
		const received = new Date('2026-02-13T09:00:00+07:00');
		expect(cal.deadline(received, 1).toISOString()).toBe('2026-02-23T17:00:00.000Z');
		expect(vietnamDate(new Date('2026-02-13T23:30:00+07:00'))).toBe('2026-02-13');
		expect(cal.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
	});
});
