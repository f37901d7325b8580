// Streaming text decoders for the encodings document systems export in: UTF-8 and UTF-16 through
// TextDecoder (a BOM is dropped), Windows-1258 and TCVN3 through their byte tables. The 8-bit
// encodings write tone marks as combining characters after the letter, so their text is normalised
// to NFC; a chunk's last letter is held back until the next chunk, whose first byte may be its mark.
import { TCVN3_HIGH } from './encodings/tcvn3';
import { WINDOWS_1258_HIGH } from './encodings/windows-1258';

export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export const ENCODING_LABELS: Record<TextEncoding, string> = {
	'utf-8': 'UTF-8',
	'utf-16le': 'UTF-16 LE',
	'utf-16be': 'UTF-16 BE',
	'windows-1258': 'Windows-1258',
	tcvn3: 'TCVN3 (ABC)'
};

export function isTextEncoding(s: unknown): s is TextEncoding {
	return typeof s === 'string' && (TEXT_ENCODINGS as readonly string[]).includes(s);
}

export interface ChunkDecoder {
	/** The text of this chunk (possibly holding back its end until the next one). */
	write(chunk: Uint8Array): string;
	/** Whatever was held back. */
	end(): string;
}

/** The five Vietnamese tone marks as combining characters (the only ones the 8-bit tables produce). */
const isToneMark = (c: number) => c === 0x300 || c === 0x301 || c === 0x303 || c === 0x309 || c === 0x323;

const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/;

function tableDecoder(high: readonly number[]): ChunkDecoder {
	const table = new Uint16Array(256);
	for (let b = 0; b < 128; b++) table[b] = b;
	high.forEach((c, i) => (table[128 + i] = c));
	const utf16 = new TextDecoder('utf-16le');
	let carry = '';
	const nfc = (s: string) => (TONE_MARK.test(s) ? s.normalize('NFC') : s);
	return {
		write(chunk) {
			const units = new Uint16Array(chunk.length);
			for (let i = 0; i < chunk.length; i++) units[i] = table[chunk[i]!]!;
			const text = carry + utf16.decode(units);
			// Hold back the last letter and its marks: the next chunk may start with another of its marks.
			let cut = text.length - 1;
			while (cut > 0 && isToneMark(text.charCodeAt(cut))) cut--;
			cut = Math.max(cut, 0);
			carry = text.slice(cut);
			return nfc(text.slice(0, cut));
		},
		end() {
			const rest = nfc(carry);
			carry = '';
			return rest;
		}
	};
}

export function createDecoder(encoding: TextEncoding): ChunkDecoder {
	if (encoding === 'windows-1258') return tableDecoder(WINDOWS_1258_HIGH);
	if (encoding === 'tcvn3') return tableDecoder(TCVN3_HIGH);
	const decoder = new TextDecoder(encoding);
	return {
		write: (chunk) => decoder.decode(chunk, { stream: true }),
		end: () => decoder.decode()
	};
}

/** Decodes a whole buffer (tests, samples). */
export function decodeAll(bytes: Uint8Array, encoding: TextEncoding): string {
	const d = createDecoder(encoding);
	return d.write(bytes) + d.end();
}
