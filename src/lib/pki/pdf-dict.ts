// The top-level entries of a PDF dictionary (ISO 32000-1 §7.3.7 "<< /Key value … >>") as raw value text, and the
// end of a PDF value, for the cross-reference reader and the revision comparison. Values stay text: a dictionary
// nested in a value, an array or a string is skipped over (strings with their escapes and balanced parentheses,
// §7.3.4), never interpreted. One pass, no backtracking, an explicit depth counter instead of recursion, so hostile
// nesting costs linear time and no stack.

// Character classes by code (1 white space, 2 delimiter), a table look-up per character.
const CLASS = new Uint8Array(65536);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;
const WHITE = { has: (c: number) => CLASS[c] === 1 };

function skipWhite(s: string, i: number): number {
	while (i < s.length) {
		const c = s.charCodeAt(i);
		if (WHITE.has(c)) i++;
		else if (c === 0x25) {
			// A comment runs to the end of the line.
			while (i < s.length && s.charCodeAt(i) !== 0x0a && s.charCodeAt(i) !== 0x0d) i++;
		} else break;
	}
	return i;
}

/** End of the literal string opening at `i` ('('), or -1 when it does not close within `s`. */
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

/** End of one token starting at `i` (not white space): a name, number, keyword, string or a delimiter pair. */
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
	while (j < s.length) {
		const d = s.charCodeAt(j);
		if (CLASS[d]) break;
		j++;
	}
	return j;
}

/** End (exclusive) of the value starting at or after `i`: a whole dictionary or array, or one token; -1 when the
 * value does not end within `s` (the caller reads a larger window). A following "G R" makes "N G R" one value. */
export function valueEnd(s: string, i: number): number {
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
	// "N G R": an indirect reference is three tokens.
	if (allDigits(s, first, i)) i += refTail(s, i);
	return i;
}

/** Whether s[from, to) is one or more ASCII digits (what /^\d+$/ says of the slice). */
function allDigits(s: string, from: number, to: number): boolean {
	if (to <= from) return false;
	for (let k = from; k < to; k++) if (!isDigit(s.charCodeAt(k))) return false;
	return true;
}

/**
 * Length of what /^\s+\d+\s+R(?![^\s()<>[\]{}/%])/ matches in s.slice(i, i + 24), or 0: the
 * " G R" after an object number, read without a slice and a regular expression per value. As
 * with the slice, the match must end within 24 characters, and the window's end counts as a
 * delimiter after the R.
 */
function refTail(s: string, i: number): number {
	const end = Math.min(s.length, i + 24);
	let j = i;
	while (j < end && isSpace(s.charCodeAt(j))) j++;
	if (j === i || j >= end || !isDigit(s.charCodeAt(j))) return 0;
	while (j < end && isDigit(s.charCodeAt(j))) j++;
	const genEnd = j;
	while (j < end && isSpace(s.charCodeAt(j))) j++;
	if (j === genEnd || j >= end || s.charCodeAt(j) !== 0x52) return 0;
	j++;
	if (j < end && !isSpace(s.charCodeAt(j)) && CLASS[s.charCodeAt(j)] !== 2) return 0;
	return j - i;
}

/** The dictionary opening at or after `from`: key (without '/') → raw value text, and where it ends. Null when
 * the text there is no dictionary or does not close within `s`. */
export function readDict(
	s: string,
	from = 0
): { entries: Map<string, string>; start: number; end: number } | null {
	const start = skipWhite(s, from);
	if (s.charCodeAt(start) !== 0x3c || s.charCodeAt(start + 1) !== 0x3c) return null;
	const entries = new Map<string, string>();
	let i = start + 2;
	for (;;) {
		i = skipWhite(s, i);
		if (i >= s.length) return null;
		if (s.charCodeAt(i) === 0x3e && s.charCodeAt(i + 1) === 0x3e) return { entries, start, end: i + 2 };
		if (s.charCodeAt(i) !== 0x2f) return null;
		const keyEnd = skipToken(s, i);
		const key = s.slice(i + 1, keyEnd);
		const vStart = skipWhite(s, keyEnd);
		const vEnd = valueEnd(s, vStart);
		if (vEnd < 0) return null;
		entries.set(key, s.slice(vStart, vEnd));
		i = vEnd;
	}
}

/** Object number of an indirect reference value "N G R", or null: what /^(\d+)\s+\d+\s+R$/ finds in the trimmed
 * value, read without a trimmed copy and a regular expression (several per document read). */
export function refNum(value: string | undefined): number | null {
	if (!value) return null;
	let i = 0;
	let n = value.length;
	while (i < n && isSpace(value.charCodeAt(i))) i++;
	while (n > i && isSpace(value.charCodeAt(n - 1))) n--;
	const start = i;
	while (i < n && isDigit(value.charCodeAt(i))) i++;
	const numEnd = i;
	if (numEnd === start) return null;
	while (i < n && isSpace(value.charCodeAt(i))) i++;
	if (i === numEnd) return null;
	const gen = i;
	while (i < n && isDigit(value.charCodeAt(i))) i++;
	if (i === gen) return null;
	const genEnd = i;
	while (i < n && isSpace(value.charCodeAt(i))) i++;
	if (i === genEnd || i !== n - 1 || value.charCodeAt(i) !== 0x52) return null;
	return Number(value.slice(start, numEnd));
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** JavaScript's \s. */
const isSpace = (c: number) =>
	(c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || (c > 0xff && /\s/.test(String.fromCharCode(c)));

/** Object numbers of the references in an array value "[N G R …]" (or a single reference). */
export function refNums(value: string | undefined): number[] {
	const out: number[] = [];
	if (!value) return out;
	// What /(\d+)\s+\d+\s+R(?![^\s()<>[\]{}/%])/g finds, without the regex: a match can only start where a digit
	// run starts (every shorter suffix of the run fails the same way), and each of its parts is maximal.
	const n = value.length;
	let i = 0;
	while (i < n) {
		if (!isDigit(value.charCodeAt(i))) {
			i++;
			continue;
		}
		const start = i;
		while (i < n && isDigit(value.charCodeAt(i))) i++;
		const runEnd = i;
		let j = i;
		while (j < n && isSpace(value.charCodeAt(j))) j++;
		if (j === runEnd || j >= n || !isDigit(value.charCodeAt(j))) continue;
		while (j < n && isDigit(value.charCodeAt(j))) j++;
		const genEnd = j;
		while (j < n && isSpace(value.charCodeAt(j))) j++;
		if (j === genEnd || value.charCodeAt(j) !== 0x52) continue;
		j++;
		if (j < n && !isSpace(value.charCodeAt(j)) && CLASS[value.charCodeAt(j)] !== 2) continue;
		out.push(Number(value.slice(start, runEnd)));
		i = j;
	}
	return out;
}

/** A name value "/Name" without its slash, or null: what /^\/([^\s()<>[\]{}/%]+)$/ takes from the trimmed value. */
export function nameValue(value: string | undefined): string | null {
	if (!value) return null;
	let i = 0;
	let n = value.length;
	while (i < n && isSpace(value.charCodeAt(i))) i++;
	while (n > i && isSpace(value.charCodeAt(n - 1))) n--;
	if (n - i < 2 || value.charCodeAt(i) !== 0x2f) return null;
	for (let k = i + 1; k < n; k++) {
		const c = value.charCodeAt(k);
		if (isSpace(c) || CLASS[c] === 2) return null;
	}
	return value.slice(i + 1, n);
}

/** Integer values of an array "[1 2 3]" (or a single integer). */
export function intArray(value: string | undefined): number[] {
	if (!value) return [];
	return value
		.replace(/[[\]]/g, ' ')
		.trim()
		.split(/\s+/)
		.filter((x) => x !== '')
		.map(Number);
}

/** Value text with white space runs made one space, for comparing two revisions' copies of a value. */
export function normalised(value: string): string {
	return value
		.replace(/\s+/g, ' ')
		.replace(/\s*([[\]<>()/])\s*/g, '$1')
		.trim();
}
