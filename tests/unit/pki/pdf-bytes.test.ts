// The byte tokenizer (pdf-bytes.ts) against the string one (pdf-dict.ts) on random latin1 inputs, and the
// cross-reference reader's object reading from bytes against the windowed string reader it replaced.
import { describe, expect, it } from 'vitest';
import { dictOfText, readDictAt, valueEndAt } from '../../../src/lib/pki/pdf-bytes';
import { readDict, valueEnd } from '../../../src/lib/pki/pdf-dict';
import { readObjectAt } from '../../../src/lib/pki/pdf-xref';
import { oldReadObjectAt } from './pdf-object-reader-old';

// Pieces that make dictionaries, references, strings, comments and their neighbours likely (latin1 only: a file's
// bytes are latin1 text for the string reader).
const PIECES = [
	'1',
	'12',
	'0',
	'007',
	' ',
	'  ',
	'\n',
	'\r\n',
	'\r',
	'\t',
	'\u000b',
	'\f',
	'\u0000',
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
	'/Type',
	'/Length',
	'<<',
	'>>',
	'<',
	'>',
	'[',
	']',
	'{',
	'}',
	'(a)',
	'(',
	')',
	'\\',
	'(b\\)c)',
	'<0A>',
	'<3082 01ff>',
	'%c\n',
	'%',
	'-1',
	'+2',
	'1.5',
	'x',
	'\u00e9',
	'\u00ff',
	'stream\n',
	'endstream',
	'endobj',
	' '.repeat(20)
];

function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x80000000;
	};
}

function text(rand: () => number, pieces: number): string {
	let s = '';
	for (let k = Math.floor(rand() * pieces); k >= 0; k--) s += PIECES[Math.floor(rand() * PIECES.length)];
	return s;
}

describe('pdf-bytes tokenizer', () => {
	it('ends values where valueEnd ends them, on 100 000 random inputs', () => {
		const rand = random(7);
		for (let n = 0; n < 100_000; n++) {
			const s = text(rand, 12);
			const from = Math.floor(rand() * 3);
			const b = Buffer.from(s, 'latin1');
			expect(valueEndAt(b, from, b.length), JSON.stringify([s, from])).toBe(valueEnd(s, from));
		}
	});

	it('reads the dictionaries readDict reads, on 100 000 random inputs', () => {
		const rand = random(11);
		for (let n = 0; n < 100_000; n++) {
			const s = `${rand() < 0.2 ? ' %x\n' : ''}<<${text(rand, 14)}${rand() < 0.7 ? '>>' : ''}${text(rand, 2)}`;
			const b = Buffer.from(s, 'latin1');
			const want = readDict(s, 0);
			const got = readDictAt(b, 0, b.length);
			if (got) expect(got.text).toBe(s.slice(got.start, got.end));
			expect(got && [got.start, got.end, [...got.entries]], JSON.stringify(s)).toEqual(
				want && [want.start, want.end, [...want.entries]]
			);
		}
	});

	it('reads in text (dictOfText) the entries readDict reads, on 100 000 random latin1 texts', () => {
		// What the reader now uses for an inline dictionary value, a packed object's text and /DecodeParms.
		const rand = random(13);
		for (let n = 0; n < 100_000; n++) {
			const s =
				rand() < 0.1
					? text(rand, 6)
					: `${rand() < 0.2 ? ' %x\n' : ''}<<${text(rand, 14)}${rand() < 0.7 ? '>>' : ''}${text(rand, 2)}`;
			const want = readDict(s);
			const got = dictOfText(s);
			expect(got && [...got], JSON.stringify(s)).toEqual(want && [...want.entries]);
		}
	});

	it('stops at the limit as the string reader stops at the end of its text', () => {
		const s = '<< /Type /Sig /Contents <3082> /M (D:2025) >> trailing';
		const b = Buffer.from(`xx${s}yy`, 'latin1');
		for (let cut = 0; cut <= s.length; cut++) {
			const want = readDict(s.slice(0, cut), 0);
			const got = readDictAt(b, 2, 2 + cut);
			expect(got && [got.start - 2, got.end - 2, [...got.entries]]).toEqual(
				want && [want.start, want.end, [...want.entries]]
			);
			const e = valueEnd(s.slice(0, cut), 0);
			expect(valueEndAt(b, 2, 2 + cut)).toBe(e < 0 ? -1 : e + 2);
		}
	});
});

describe('readObjectAt from bytes', () => {
	it('reads what the windowed string reader read, on 20 000 random objects', () => {
		const rand = random(23);
		for (let n = 0; n < 20_000; n++) {
			const big = rand() < 0.1 ? `/Contents <${'0'.repeat(Math.floor(rand() * 40_000))}>` : '';
			const body = rand() < 0.8 ? `<<${text(rand, 8)}${big}${text(rand, 4)}>>` : text(rand, 4);
			const data = rand() < 0.5 ? 'abc endstream' : text(rand, 3);
			const len = rand() < 0.5 ? `/Length ${Math.floor(rand() * 16)}` : '/Length 9 0 R';
			const withLen = body.startsWith('<<') && rand() < 0.6 ? `<<${len} ${body.slice(2)}` : body;
			const eol = ['\n', '\r\n', '\r', ' \n', ''][Math.floor(rand() * 5)]!;
			const pre = ['', ' ', '\n', '%x\n'][Math.floor(rand() * 4)]!;
			const s = `${pre}${n % 97} 0 obj${rand() < 0.5 ? ' ' : '\n'}${withLen}${rand() < 0.5 ? `\nstream${eol}${data}` : ''}\nendobj\n`;
			const b = Buffer.from(`%PDF\n${s}`, 'latin1');
			const read = (f: typeof readObjectAt) => {
				try {
					const o = f(b, 5, n % 97, (ref) => (ref.trim() === '9 0 R' ? 3 : null));
					const { num, text, textLength, dict, stream, container, at } = o;
					return { num, text, textLength, dict: dict && [...dict], stream, container, at };
				} catch (e) {
					return { error: (e as Error).message };
				}
			};
			expect(read(readObjectAt), JSON.stringify(s)).toEqual(read(oldReadObjectAt));
		}
	});
});
