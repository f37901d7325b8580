import { describe, expect, it } from 'vitest';
import { formatDateTimeInput, parseDateTimeInput } from '../../../src/lib/i18n/date-time-input';

describe('date and time typed in Vietnam time', () => {
	it('reads dd/MM/yyyy HH:mm and the datetime-local form as Vietnam time', () => {
		expect(parseDateTimeInput('05/12/2026 09:15')?.toISOString()).toBe('2026-12-05T02:15:00.000Z');
		expect(parseDateTimeInput(' 5/12/2026  9:15:30 ')?.toISOString()).toBe('2026-12-05T02:15:30.000Z');
		expect(parseDateTimeInput('2026-12-05T09:15')?.toISOString()).toBe('2026-12-05T02:15:00.000Z');
		// Just after midnight in Vietnam is the previous day in UTC.
		expect(parseDateTimeInput('01/01/2027 00:30')?.toISOString()).toBe('2026-12-31T17:30:00.000Z');
	});
	it('refuses days and times that do not exist', () => {
		for (const bad of [
			'30/02/2026 10:00',
			'05/12/2026 24:00',
			'05/12/2026 10:60',
			'05/12/2026',
			'10:00',
			'hôm nay'
		])
			expect(parseDateTimeInput(bad), bad).toBeNull();
	});
	it('formats what it reads back', () => {
		const d = new Date('2026-12-31T17:30:00Z');
		expect(formatDateTimeInput(d)).toBe('01/01/2027 00:30');
		expect(parseDateTimeInput(formatDateTimeInput(d))?.getTime()).toBe(d.getTime());
	});
});
