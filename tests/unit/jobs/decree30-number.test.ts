// The Decree 30 number-and-symbol format (Art. 15, Appendix I), as the document rules test it.
import { describe, expect, it } from 'vitest';
import { isDecree30Number } from '../../../src/lib/jobs/scans/document-rules';

describe('isDecree30Number', () => {
	it.each([
		'12/QĐ-UBND',
		'45/UBND-VP',
		'05/BNV-VP',
		'01/TB-SYT',
		'144/2025/QĐ-CTUBND',
		'07/QyĐ-SKHCN',
		'03/CTr-SGDĐT',
		'1234/TTr-SNgV',
		'15/KH-UBND-VP'
	])('accepts %s', (n) => expect(isDecree30Number(n)).toBe(true));

	it.each([
		['7/QĐ-UBND', 'a number under 10 without its 0'],
		['00/QĐ-UBND', 'number zero'],
		['12-QĐ-UBND', 'no slash after the number'],
		['12/qđ-ubnd', 'lower-case abbreviations'],
		['12/QĐ UBND', 'a space instead of the hyphen'],
		['Số: 12/QĐ-UBND', 'the "Số:" label kept'],
		['12/QĐ', 'the agency missing'],
		['12/25/QĐ-UBND', 'a two-digit year'],
		['12/QĐ-UBND ', 'a trailing space'],
		['QĐ-UBND', 'no number']
	])('refuses %s (%s)', (n) => expect(isDecree30Number(n)).toBe(false));
});
