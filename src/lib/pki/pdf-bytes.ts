// PDF tokens read from the file's bytes (ISO 32000-1 §7.2-§7.3): the dictionary and value readers of pdf-dict.ts
// without a latin1 string of the region first. The cross-reference reader hands them the bytes an xref entry
// points at and a limit (the end of the file, or of a bounded read); only each key and value becomes a string.
// Same results as readDict/valueEnd of pdf-dict.ts on the latin1 text of b[from, limit) (tested on random inputs),
// the same single pass with an explicit depth counter, a hex string skipped with a native byte search.

// Character classes by byte (1 PDF white space, 2 delimiter), as pdf-dict.ts's table.
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** JavaScript's \s (and String.prototype.trim's white space) within latin1. */
export const isJsSpace = (c: number) => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;

/** latin1 text of b[from, to): Buffer's native decoder for a Buffer, else one character at a time. */
export function latin1(b: Uint8Array, from: number, to: number): string {
	if (Buffer.isBuffer(b)) return b.toString('latin1', from, to);
	let s = '';
	for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
	return s;
}

/** Past the JavaScript white space (\s) at `i`, not beyond `limit`. */
export function skipJsSpace(b: Uint8Array, i: number, limit: number): number {
	while (i < limit && isJsSpace(b[i]!)) i++;
	return i;
}

function skipWhite(b: Uint8Array, i: number, limit: number): number {
	while (i < limit) {
		const c = b[i]!;
		if (CLASS[c] === 1) i++;
		else if (c === 0x25) {
			// A comment runs to the end of the line.
			while (i < limit && b[i] !== 0x0a && b[i] !== 0x0d) i++;
		} else break;
	}
	return i;
}

/** End of the literal string opening at `i` ('('), or -1 when it does not close before `limit`. */
function skipLiteral(b: Uint8Array, i: number, limit: number): number {
	let depth = 0;
	for (; i < limit; i++) {
		const c = b[i]!;
		if (c === 0x5c) i++;
		else if (c === 0x28) depth++;
		else if (c === 0x29 && --depth === 0) return i + 1;
	}
	return -1;
}

/** End of one token starting at `i` (not white space), as pdf-dict.ts's skipToken. */
function skipToken(b: Uint8Array, i: number, limit: number): number {
	const c = b[i]!;
	if (c === 0x28) return skipLiteral(b, i, limit);
	if (c === 0x3c) {
		if (i + 1 < limit && b[i + 1] === 0x3c) return i + 2;
		// A hex string (a signature's /Contents: kilobytes of digits) ends at the next '>': memchr, not a loop.
		const e = b.indexOf(0x3e, i);
		return e < 0 || e >= limit ? -1 : e + 1;
	}
	if (c === 0x3e) return i + 1 < limit && b[i + 1] === 0x3e ? i + 2 : i + 1;
	if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) return i + 1;
	let j = i + 1;
	while (j < limit && !CLASS[b[j]!]) j++;
	return j;
}

/** Length of the " G R" after an object number at `i` (within 24 bytes, the limit counting as a delimiter), or 0. */
function refTail(b: Uint8Array, i: number, limit: number): number {
	const end = Math.min(limit, i + 24);
	let j = i;
	while (j < end && isJsSpace(b[j]!)) j++;
	if (j === i || j >= end || !isDigit(b[j]!)) return 0;
	while (j < end && isDigit(b[j]!)) j++;
	const genEnd = j;
	while (j < end && isJsSpace(b[j]!)) j++;
	if (j === genEnd || j >= end || b[j] !== 0x52) return 0;
	j++;
	if (j < end && !isJsSpace(b[j]!) && CLASS[b[j]!] !== 2) return 0;
	return j - i;
}

/** End (exclusive) of the value starting at or after `i`, or -1 when it does not end before `limit`; "N G R" is
 * one value. */
export function valueEndAt(b: Uint8Array, i: number, limit: number): number {
	i = skipWhite(b, i, limit);
	if (i >= limit) return -1;
	const first = i;
	let depth = 0;
	do {
		const c = b[i]!;
		const e = skipToken(b, i, limit);
		if (e < 0) return -1;
		if ((c === 0x3c && e === i + 2) || c === 0x5b) depth++;
		else if ((c === 0x3e && e === i + 2) || c === 0x5d) depth--;
		i = e;
		if (depth > 0) {
			i = skipWhite(b, i, limit);
			if (i >= limit) return -1;
		}
	} while (depth > 0);
	let digits = i > first;
	for (let k = first; k < i && digits; k++) digits = isDigit(b[k]!);
	if (digits) i += refTail(b, i, limit);
	return i;
}

/** The dictionary opening at or after `from` (white space and comments skipped), key → raw value text, and where it
 * ends; null when there is no dictionary there or it does not close before `limit`. `text` is the dictionary's own
 * text, b[start, end) as latin1: one string per dictionary, its keys and values slices of it. */
export function readDictAt(
	b: Uint8Array,
	from: number,
	limit: number
): { entries: Map<string, string>; start: number; end: number; text: string } | null {
	const start = skipWhite(b, from, limit);
	if (start + 1 >= limit || b[start] !== 0x3c || b[start + 1] !== 0x3c) return null;
	// Where each key and value lies, made strings once the dictionary's end is known.
	const spans: number[] = [];
	let i = start + 2;
	for (;;) {
		i = skipWhite(b, i, limit);
		if (i >= limit) return null;
		if (b[i] === 0x3e && i + 1 < limit && b[i + 1] === 0x3e) break;
		if (b[i] !== 0x2f) return null;
		const keyEnd = skipToken(b, i, limit);
		const vStart = skipWhite(b, keyEnd, limit);
		const vEnd = valueEndAt(b, vStart, limit);
		if (vEnd < 0) return null;
		spans.push(i + 1, keyEnd, vStart, vEnd);
		i = vEnd;
	}
	const end = i + 2;
	const text = latin1(b, start, end);
	const entries = new Map<string, string>();
	for (let k = 0; k < spans.length; k += 4)
		entries.set(
			text.slice(spans[k]! - start, spans[k + 1]! - start),
			text.slice(spans[k + 2]! - start, spans[k + 3]! - start)
		);
	return { entries, start, end, text };
}

/** The dictionary at the start of `text` (after white space and comments), key → raw value text, or null: readDictAt
 * over the text's latin1 bytes, i.e. what readDict of pdf-dict.ts gives for text that is latin1, as every value and
 * object read from a file is. The reader's one tokenizer, for an inline dictionary value, a packed object's text and
 * /DecodeParms, as for the bytes: a second one (readDict) was compiled and run in every PDF's first documents. */
export function dictOfText(text: string): Map<string, string> | null {
	const b = Buffer.from(text, 'latin1');
	return readDictAt(b, 0, b.length)?.entries ?? null;
}

/** Whether the bytes at `i` are `word` (ASCII), all before `limit`. */
export function bytesAre(b: Uint8Array, i: number, word: string, limit = b.length): boolean {
	if (i < 0 || i + word.length > limit) return false;
	for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return false;
	return true;
}
