// Ids and page numbers read from an address stay within what an integer column holds; anything
// else reads as absent (or the first page), so no such value reaches a statement.
import { describe, expect, it } from 'vitest';
import { INT4_MAX, positiveId, queryId, queryPage, zId } from '../../../src/lib/server/http/query-values';

describe('positiveId and queryId', () => {
	it('reads plain positive integers up to PostgreSQL integer maximum', () => {
		expect(positiveId('1')).toBe(1);
		expect(positiveId('0042')).toBe(42);
		expect(positiveId(String(INT4_MAX))).toBe(INT4_MAX);
		expect(queryId(' 17 ')).toBe(17);
	});
	it('refuses what an integer column cannot hold or is not an id', () => {
		for (const raw of [
			String(INT4_MAX + 1),
			'99999999999999999999',
			'1e309',
			'1e3',
			'0',
			'-1',
			'1.5',
			'0x10',
			'',
			'abc',
			'1\u0000',
			'١٢'
		]) {
			expect(positiveId(raw), raw).toBeNull();
			expect(queryId(raw), raw).toBeUndefined();
		}
		expect(queryId(null)).toBeUndefined();
		expect(positiveId(12)).toBeNull();
	});
});

describe('queryPage', () => {
	it('is the page asked for, or the first page for anything else', () => {
		expect(queryPage('3')).toBe(3);
		expect(queryPage(null)).toBe(1);
		expect(queryPage('1e309')).toBe(1);
		expect(queryPage('99999999999999999999')).toBe(1);
		expect(queryPage('-2')).toBe(1);
		expect(queryPage('1000001')).toBe(1);
		expect(queryPage('50', 40)).toBe(1);
	});
});

describe('zId', () => {
	it('coerces form and query values within the integer range', () => {
		expect(zId().safeParse('12').data).toBe(12);
		expect(zId().safeParse(String(INT4_MAX + 1)).success).toBe(false);
		expect(zId().safeParse('1e309').success).toBe(false);
		expect(zId().safeParse('0').success).toBe(false);
	});
});
