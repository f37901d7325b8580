import { describe, expect, it } from 'vitest';
import {
	formatDate,
	formatDateTime,
	formatIsoVietnam,
	formatNumber,
	vietnamDay
} from '../../../src/lib/i18n/format';

describe('Vietnamese formats', () => {
	it('shows instants as dd/MM/yyyy in Vietnam time, across the UTC date line', () => {
		// 17:30 UTC on 31/12 is already 00:30 on 1/1 in Vietnam.
		expect(formatDate(new Date('2025-12-31T17:30:00Z'))).toBe('01/01/2026');
		expect(formatDateTime(new Date('2025-12-31T17:30:05Z'))).toBe('01/01/2026 00:30:05');
	});

	it('does not shift calendar dates stored as YYYY-MM-DD', () => {
		expect(formatDate('2026-02-14')).toBe('14/02/2026');
	});

	it('returns an empty string for missing or invalid values', () => {
		expect(formatDate(null)).toBe('');
		expect(formatDate('not a date')).toBe('');
		expect(formatDateTime(undefined)).toBe('');
	});

	it('writes signing times in ISO 8601 with +07:00 as Điều 13 shows them', () => {
		expect(formatIsoVietnam(new Date('2025-12-20T02:15:03Z'))).toBe('2025-12-20T09:15:03+07:00');
	});

	it('groups thousands with dots', () => {
		expect(formatNumber(1234567)).toBe('1.234.567');
		expect(formatNumber(null)).toBe('');
	});

	it('gives the Vietnam calendar day of an instant', () => {
		expect(vietnamDay(new Date('2026-04-29T18:00:00Z'))).toBe('2026-04-30');
	});
});
