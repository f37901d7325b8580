import { describe, expect, it } from 'vitest';
import { parseDayInput } from '../../../src/lib/i18n/day-input';

describe('reading a typed day', () => {
	it('reads dd/MM/yyyy and YYYY-MM-DD to the same calendar day', () => {
		expect(parseDayInput('01/07/2025')).toBe('2025-07-01');
		expect(parseDayInput(' 1/7/2025 ')).toBe('2025-07-01');
		expect(parseDayInput('2025-07-01')).toBe('2025-07-01');
		expect(parseDayInput('29/02/2028')).toBe('2028-02-29');
	});

	it('refuses days that do not exist instead of rolling them over', () => {
		for (const bad of ['30/02/2026', '29/02/2026', '31/04/2026', '00/01/2026', '12/13/2026', '2026-02-30'])
			expect(parseDayInput(bad), bad).toBeNull();
	});

	it('refuses other shapes and implausible years', () => {
		for (const bad of ['', '1/7/25', '01-07-2025', '2025/07/01', '01/07/0226', '01/07/2262', 'hôm nay'])
			expect(parseDayInput(bad), bad).toBeNull();
	});
});
