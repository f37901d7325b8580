import { describe, expect, it } from 'vitest';
import { nameValue, readDict, refNum, valueEnd } from '../../../src/lib/pki/pdf-dict';

// The value reader as it was before its "N G R" check lost its slices and regular expressions:
// the same ends and the same dictionaries are expected from the current one.
const CLASS = new Uint8Array(65536);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;

function skipWhite(s: string, i: number): number {
	while (i < s.length) {
		const c = s.charCodeAt(i);
		if (CLASS[c] === 1) i++;
		else if (c === 0x25) {
			while (i < s.length && s.charCodeAt(i) !== 0x0a && s.charCodeAt(i) !== 0x0d) i++;
		} else break;
	}
	return i;
}

function skipLiteral(s: string, i: number): number {
	let depth = 0;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 0x5c) i++;
		else if (c === 0x28) depth++;
		else if (c === 0x29 && --depth === 0) return i + 1;
	}
	return -1;
}

function skipToken(s: string, i: number): number {
	const c = s.charCodeAt(i);
	if (c === 0x28) return skipLiteral(s, i);
	if (c === 0x3c) {
		if (s.charCodeAt(i + 1) === 0x3c) return i + 2;
		const e = s.indexOf('>', i);
		return e < 0 ? -1 : e + 1;
	}
	if (c === 0x3e) return s.charCodeAt(i + 1) === 0x3e ? i + 2 : i + 1;
	if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) return i + 1;
	let j = i + 1;
	while (j < s.length && !CLASS[s.charCodeAt(j)]) j++;
	return j;
}

function oldValueEnd(s: string, i: number): number {
	i = skipWhite(s, i);
	if (i >= s.length) return -1;
	const first = i;
	let depth = 0;
	do {
		const c = s.charCodeAt(i);
		const e = skipToken(s, i);
		if (e < 0) return -1;
		if ((c === 0x3c && e === i + 2) || c === 0x5b) depth++;
		else if ((c === 0x3e && e === i + 2) || c === 0x5d) depth--;
		i = e;
		if (depth > 0) {
			i = skipWhite(s, i);
			if (i >= s.length) return -1;
		}
	} while (depth > 0);
	if (/^\d+$/.test(s.slice(first, i))) {
		const ref = /^\s+\d+\s+R(?![^\s()<>[\]{}/%])/.exec(s.slice(i, i + 24));
		if (ref) i += ref[0].length;
	}
	return i;
}

// Pieces that make references, near-references and their neighbours likely.
const PIECES = [
	'1',
	'12',
	'0',
	'007',
	' ',
	'  ',
	'\n',
	'\r\n',
	'\t',
	'\u00a0',
	'\u0085',
	'R',
	'Rx',
	'R/',
	'R>',
	'R]',
	'R(',
	'R%',
	'obj',
	'/Name',
	'<<',
	'>>',
	'[',
	']',
	'(a)',
	'<0A>',
	'-1',
	'+2',
	'1.5',
	'x',
	'٣',
	'\u2003',
	' '.repeat(20)
];

describe('valueEnd', () => {
	it('ends where the regular-expression version ended, on 100 000 random values', () => {
		let seed = 42;
		const rand = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x80000000;
		};
		for (let n = 0; n < 100_000; n++) {
			let s = '';
			for (let k = Math.floor(rand() * 10); k >= 0; k--) s += PIECES[Math.floor(rand() * PIECES.length)];
			const from = Math.floor(rand() * 3);
			expect(valueEnd(s, from), JSON.stringify([s, from])).toBe(oldValueEnd(s, from));
		}
	});

	it('takes "N G R" as one value, within 24 characters and before a delimiter', () => {
		expect(valueEnd('12 0 R /Next', 0)).toBe(6);
		expect(valueEnd('12 0 Rx', 0)).toBe(2);
		expect(valueEnd('12 0 R>>', 0)).toBe(6);
		expect(valueEnd(`12${' '.repeat(20)}0 R`, 0)).toBe(2 + 20 + 3);
		expect(valueEnd(`12${' '.repeat(22)}0 R`, 0)).toBe(2);
		expect(valueEnd('12 0 R', 0)).toBe(oldValueEnd('12 0 R', 0));
	});

	it('reads a dictionary with references as before', () => {
		const d = readDict('<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [7 0 R 8 0 R] >> /N 3 >>');
		expect(Object.fromEntries(d!.entries)).toEqual({
			Type: '/Catalog',
			Pages: '2 0 R',
			AcroForm: '<< /Fields [7 0 R 8 0 R] >>',
			N: '3'
		});
	});
});

describe('refNum and nameValue', () => {
	it('read what their regular expressions read, on 100 000 random values', () => {
		const oldRefNum = (v: string | undefined) => {
			const m = v ? /^(\d+)\s+\d+\s+R$/.exec(v.trim()) : null;
			return m ? Number(m[1]) : null;
		};
		const oldNameValue = (v: string | undefined) => {
			const m = v ? /^\/([^\s()<>[\]{}/%]+)$/.exec(v.trim()) : null;
			return m ? m[1]! : null;
		};
		let seed = 5;
		const rand = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x80000000;
		};
		for (let n = 0; n < 100_000; n++) {
			let s = rand() < 0.3 ? '/' : '';
			for (let k = Math.floor(rand() * 6); k >= 0; k--) s += PIECES[Math.floor(rand() * PIECES.length)];
			expect(refNum(s), JSON.stringify(s)).toBe(oldRefNum(s));
			expect(nameValue(s), JSON.stringify(s)).toBe(oldNameValue(s));
		}
		expect(refNum(' 12 0 R\n')).toBe(12);
		expect(nameValue(' /Sig ')).toBe('Sig');
		expect(refNum(undefined)).toBeNull();
		expect(nameValue('')).toBeNull();
	});
});
