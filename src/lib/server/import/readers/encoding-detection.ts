// Which encoding a text export is in, from its first bytes (and, when the whole file was seen,
// whether all of it is valid UTF-8): a byte order mark decides; NUL bytes in every other position
// mean UTF-16 without a mark; valid UTF-8 wins over the rest; otherwise the file was written by an
// older system in an 8-bit Vietnamese encoding, and the table whose text reads more like Vietnamese
// (vietnamese-text.ts) is chosen. The user sees the result and may choose another.
import { decodeAll, ENCODING_LABELS, type TextEncoding } from './decoder';
import { vietnameseScore } from './vietnamese-text';

export interface EncodingGuess {
	encoding: TextEncoding;
	/** "UTF-8 (BOM)", "TCVN3 (ABC)", … */
	label: string;
	bom: boolean;
	/** How it was decided: a mark, the NUL pattern, UTF-8 validity, or the Vietnamese score. */
	basis: 'bom' | 'nul-pattern' | 'utf-8' | 'score';
	/** For 'score': each 8-bit encoding's score (the higher wins). */
	scores?: { 'windows-1258': number; tcvn3: number };
}

/** True when `bytes` is valid UTF-8, allowing a sequence cut off at the end of a sample. */
export function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
	let end = bytes.length;
	if (!complete) {
		// Drop a trailing sequence that the sample's end cut off (at most 3 bytes of a 4-byte one).
		for (let back = 1; back <= 3 && end - back >= 0; back++) {
			const b = bytes[end - back]!;
			if (b < 0x80) break;
			if (b >= 0xc0) {
				const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
				if (need > back) end -= back;
				break;
			}
		}
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
		return true;
	} catch {
		return false;
	}
}

function nulPattern(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(sample.length, 4096) & ~1;
	if (n < 4) return null;
	let even = 0;
	let odd = 0;
	for (let i = 0; i < n; i += 2) {
		if (sample[i] === 0) even++;
		if (sample[i + 1] === 0) odd++;
	}
	const pairs = n / 2;
	// ASCII text in UTF-16 LE is "x\0x\0…"; Vietnamese letters (U+1Exx) leave no NUL, so a third suffices.
	if (odd > pairs / 3 && even < pairs / 20) return 'utf-16le';
	if (even > pairs / 3 && odd < pairs / 20) return 'utf-16be';
	return null;
}

const guess = (
	encoding: TextEncoding,
	basis: EncodingGuess['basis'],
	bom = false,
	scores?: EncodingGuess['scores']
): EncodingGuess => ({
	encoding,
	label: ENCODING_LABELS[encoding] + (bom ? ' (BOM)' : ''),
	bom,
	basis,
	...(scores ? { scores } : {})
});

/**
 * `sample` is the file's start; `utf8Valid` says whether the WHOLE file is valid UTF-8 when that is known (the
 * upload checks it while the file streams in), else the sample alone decides.
 */
export function detectEncoding(sample: Uint8Array, utf8Valid?: boolean): EncodingGuess {
	if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return guess('utf-8', 'bom', true);
	if (sample[0] === 0xff && sample[1] === 0xfe) return guess('utf-16le', 'bom', true);
	if (sample[0] === 0xfe && sample[1] === 0xff) return guess('utf-16be', 'bom', true);
	const utf16 = nulPattern(sample);
	if (utf16) return guess(utf16, 'nul-pattern');
	if (utf8Valid ?? isUtf8(sample, false)) return guess('utf-8', 'utf-8');
	const scores = {
		'windows-1258': vietnameseScore(decodeAll(sample, 'windows-1258')),
		tcvn3: vietnameseScore(decodeAll(sample, 'tcvn3'))
	};
	return guess(scores.tcvn3 > scores['windows-1258'] ? 'tcvn3' : 'windows-1258', 'score', false, scores);
}
