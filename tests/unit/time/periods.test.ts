import { describe, expect, it } from 'vitest';
import {
	customPeriod,
	parsePeriodKey,
	periodChoices,
	periodFromQuery,
	presetPeriod,
	resolvePeriod,
	shiftYears,
	trendSpan
} from '../../../src/lib/time/periods';

// 10:00 on 04/12/2026 in Vietnam; 23:30 UTC on 03/12 is already 04/12 in Vietnam.
const DEC_4 = new Date('2026-12-04T03:00:00Z');
const LATE_UTC = new Date('2026-12-03T23:30:00Z');

describe('period keys', () => {
	it('reads months, quarters, halves and years', () => {
		expect(parsePeriodKey('q3-2026')).toMatchObject({
			kind: 'quarter',
			from: '2026-07-01',
			to: '2026-09-30',
			label: 'Quý 3/2026'
		});
		expect(parsePeriodKey('m2-2028')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
		expect(parsePeriodKey('h2-2026')).toMatchObject({
			from: '2026-07-01',
			to: '2026-12-31',
			label: '6 tháng cuối năm 2026'
		});
		expect(parsePeriodKey('y2025')).toMatchObject({
			from: '2025-01-01',
			to: '2025-12-31',
			label: 'Năm 2025'
		});
	});
	it('refuses what is not a period', () => {
		for (const k of ['q5-2026', 'm13-2026', 'm0-2026', 'h3-2026', 'y26', 'quy3', ''])
			expect(parsePeriodKey(k), k).toBeNull();
	});
	it('runs an index over into the next year', () => {
		expect(presetPeriod('quarter', 2026, 5).key).toBe('q1-2027');
		expect(presetPeriod('month', 2026, 0).key).toBe('m12-2025');
	});
});

describe('periodFromQuery', () => {
	it('defaults to this Vietnam month', () => {
		expect(periodFromQuery(new URLSearchParams(), LATE_UTC).period.key).toBe('m12-2026');
	});
	it('reads a custom range in dd/MM/yyyy and swaps a reversed one', () => {
		const { period, invalid } = periodFromQuery(new URLSearchParams('tu=20/03/2026&den=6/1/2026'), DEC_4);
		expect(invalid).toEqual([]);
		expect(period).toMatchObject({ kind: 'custom', from: '2026-01-06', to: '2026-03-20' });
		expect(period.label).toBe('06/01/2026 – 20/03/2026');
	});
	it('names the parameters it could not read and falls back to this month', () => {
		const q = periodFromQuery(new URLSearchParams('ky=q9-2026&tu=31/02/2026'), DEC_4);
		expect(q.invalid).toEqual(['ky', 'tu']);
		expect(q.period.key).toBe('m12-2026');
	});
});

describe('resolvePeriod', () => {
	it('compares a finished quarter with the same quarter last year and the quarter before, whole', () => {
		const r = resolvePeriod(parsePeriodKey('q3-2026')!, DEC_4);
		expect(r.partial).toBe(false);
		expect(r.elapsed).toEqual({ from: '2026-07-01', to: '2026-09-30' });
		expect(r.lastYear).toEqual({ from: '2025-07-01', to: '2025-09-30' });
		expect(r.previous).toEqual({ from: '2026-04-01', to: '2026-06-30' });
		expect(r.lastYearLabel).toBe('Quý 3/2025');
		expect(r.previousLabel).toBe('Quý 2/2026');
	});
	it('compares four days of December with the first four days of November and of December 2025', () => {
		const r = resolvePeriod(parsePeriodKey('m12-2026')!, LATE_UTC);
		expect(r.partial).toBe(true);
		expect(r.elapsed).toEqual({ from: '2026-12-01', to: '2026-12-04' });
		expect(r.previous).toEqual({ from: '2026-11-01', to: '2026-11-04' });
		expect(r.lastYear).toEqual({ from: '2025-12-01', to: '2025-12-04' });
	});
	it('cuts a partial month to the shorter previous month when it has run longer', () => {
		// 31 March, still running (today is the last day, but the period is not over before it ends).
		const r = resolvePeriod(parsePeriodKey('m3-2026')!, new Date('2026-03-30T05:00:00Z'));
		expect(r.partial).toBe(true);
		expect(r.previous).toEqual({ from: '2026-02-01', to: '2026-02-28' });
	});
	it('compares a custom range with the days just before it and the same days last year', () => {
		const r = resolvePeriod(customPeriod('2026-03-01', '2026-03-10'), DEC_4);
		expect(r.previous).toEqual({ from: '2026-02-19', to: '2026-02-28' });
		expect(r.lastYear).toEqual({ from: '2025-03-01', to: '2025-03-10' });
	});
	it('ends a custom range still running at today', () => {
		const r = resolvePeriod(customPeriod('2026-11-25', '2026-12-31'), DEC_4);
		expect(r.elapsed).toEqual({ from: '2026-11-25', to: '2026-12-04' });
		expect(r.previous).toEqual({ from: '2026-11-15', to: '2026-11-24' });
	});
	it('compares a half-year with the half before it', () => {
		const r = resolvePeriod(parsePeriodKey('h1-2026')!, DEC_4);
		expect(r.previous).toEqual({ from: '2025-07-01', to: '2025-12-31' });
		expect(r.lastYearLabel).toBe('6 tháng đầu năm 2025');
	});
});

describe('helpers', () => {
	it('shifts 29 February to 28 February', () => {
		expect(shiftYears('2028-02-29', -1)).toBe('2027-02-28');
	});
	it('offers two years of choices, Quý 3/2026 among them', () => {
		const labels = periodChoices(DEC_4).map((p) => p.label);
		expect(labels).toContain('Quý 3/2026');
		expect(labels).toContain('Tháng 1/2025');
		expect(labels).toHaveLength(2 * (1 + 2 + 4 + 12));
	});
	it('gives a 24-month trend ending with the period', () => {
		expect(trendSpan({ from: '2026-07-01', to: '2026-09-30' })).toEqual({
			from: '2024-10-01',
			to: '2026-09-30'
		});
	});
});
