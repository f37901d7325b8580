// Periods (calendar and the Decree 09/2019 cut-off), the Decree 30 date line, and cell safety.
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodLine } from '../../../src/lib/reports/period';
import { placeDateLine } from '../../../src/lib/reports/official-layout';
import { looksLikeFormula, safeValue, TrustedFormula, toSheetDate } from '../../../src/lib/reports/cells';

describe('parsePeriod', () => {
	it('reads quarters, half-years, years and months as Vietnam days', () => {
		const q = parsePeriod('2026-Q3')!;
		expect([q.firstDay, q.lastDay, q.label]).toEqual(['2026-07-01', '2026-09-30', 'Quý III năm 2026']);
		expect(q.from.toISOString()).toBe('2026-06-30T17:00:00.000Z');
		expect(q.to.toISOString()).toBe('2026-09-30T17:00:00.000Z');
		expect(parsePeriod('2026-H1')!.lastDay).toBe('2026-06-30');
		expect(parsePeriod('2026-H2')!.firstDay).toBe('2026-07-01');
		expect([parsePeriod('2026')!.firstDay, parsePeriod('2026')!.lastDay]).toEqual([
			'2026-01-01',
			'2026-12-31'
		]);
		expect(parsePeriod('2028-02')!.lastDay).toBe('2028-02-29');
	});

	it('applies the cut-off on the 14th, across the year boundary', () => {
		const y = parsePeriod('2026', 'cutoff14')!;
		expect([y.firstDay, y.lastDay]).toEqual(['2025-12-15', '2026-12-14']);
		const q1 = parsePeriod('2026-Q1', 'cutoff14')!;
		expect([q1.firstDay, q1.lastDay]).toEqual(['2025-12-15', '2026-03-14']);
		expect(periodLine(q1)).toContain('chốt ngày 14');
	});

	it('refuses what is not a period', () => {
		for (const bad of ['2026-Q5', '2026-H3', '26-Q1', '2026-13', 'Q3-2026', '', '1999'])
			expect(parsePeriod(bad), bad).toBeNull();
	});
});

describe('placeDateLine', () => {
	it('pads days under 10 and months under 3 (Decree 30), in Vietnam time', () => {
		expect(placeDateLine(new Date('2027-01-04T18:00:00Z'))).toBe('Đồng Tháp, ngày 05 tháng 01 năm 2027');
		expect(placeDateLine(new Date('2026-11-25T03:00:00Z'))).toBe('Đồng Tháp, ngày 25 tháng 11 năm 2026');
		expect(placeDateLine(new Date('2026-03-09T03:00:00Z'))).toBe('Đồng Tháp, ngày 09 tháng 3 năm 2026');
	});
});

describe('cells', () => {
	it('never turns data into a formula', () => {
		expect(safeValue({ formula: 'WEBSERVICE("http://x")', result: 1 })).toBe(
			'{"formula":"WEBSERVICE(\\"http://x\\")","result":1}'
		);
		expect(safeValue('=1+1')).toBe('=1+1');
		expect(safeValue(new TrustedFormula('SUM(A1:A2)', 3))).toEqual({ formula: 'SUM(A1:A2)', result: 3 });
		for (const s of ['=1', '+1', '-1', '@SUM(A1)', '\tx']) expect(looksLikeFormula(s), s).toBe(true);
		expect(looksLikeFormula('Sở Y tế')).toBe(false);
	});

	it('writes instants as Vietnam wall-clock dates and calendar days unshifted', () => {
		expect(toSheetDate(new Date('2026-11-19T18:30:00Z'))!.toISOString()).toBe('2026-11-20T01:30:00.000Z');
		expect(toSheetDate('2026-11-20')!.toISOString()).toBe('2026-11-20T00:00:00.000Z');
		expect(safeValue(new Date('2026-11-19T18:30:00Z'), 'date')).toEqual(new Date('2026-11-20T01:30:00.000Z'));
	});
});
