// JSON.parse of a UTF-8 body without decoding it to a UTF-16 string first. A signing-event
// batch is mostly ASCII with a few Vietnamese words per event, and one non-ASCII character makes
// Buffer's UTF-8 decoder build a two-byte string of the whole body (about 4 ns a byte, a fifth of
// the handler's own time on a 3 MB batch), which JSON.parse then also reads more slowly. Read as
// latin1 instead (a byte-for-byte copy), the text has the same JSON structure: every byte of a
// multi-byte UTF-8 sequence is 0x80 or above, and JSON's punctuation, white space, numbers and
// escapes are ASCII. So the parse gives the same values except that each string holding such
// bytes has them as latin1 characters; those strings (keys included) are decoded afterwards.
// A \u escape could itself make a character in 0x80-0xFF that must not be re-decoded, so a body
// with "\u" anywhere takes the ordinary path, as does any body that does not parse (so that the
// error message, and its position, are JSON.parse's own on the decoded text).
import { isAscii } from 'node:buffer';

/** Whether `s` holds a character above 0x7F (a loop: cheaper than a regular expression on short strings). */
function nonAscii(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
	return false;
}

/** A latin1-read string back to the UTF-8 text its bytes spell. */
const utf8Of = (s: string) => Buffer.from(s, 'latin1').toString('utf8');

/** Defines `key` on `o` as JSON.parse does (an own property even for "__proto__"). */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__')
		Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
	else o[key] = value;
}

/** Decodes, in place, every string of a value parsed from latin1 text that holds non-ASCII bytes. */
function decodeStrings(root: object): void {
	// Containers still to visit: an explicit stack, as JSON.parse itself takes any nesting depth.
	const stack: object[] = [root];
	while (stack.length) {
		const c = stack.pop()!;
		if (Array.isArray(c)) {
			for (let i = 0; i < c.length; i++) {
				const v: unknown = c[i];
				if (typeof v === 'string') {
					if (nonAscii(v)) c[i] = utf8Of(v);
				} else if (v !== null && typeof v === 'object') stack.push(v);
			}
			continue;
		}
		const o = c as Record<string, unknown>;
		const keys = Object.keys(o);
		for (const k of keys) {
			const v = o[k];
			if (typeof v === 'string') {
				if (nonAscii(v)) o[k] = utf8Of(v);
			} else if (v !== null && typeof v === 'object') stack.push(v);
		}
		if (keys.some(nonAscii)) {
			// Rare (a key with a Vietnamese letter): every key removed and put back in its order, decoded.
			const values = keys.map((k) => o[k]);
			for (const k of keys) delete o[k];
			keys.forEach((k, i) => define(o, nonAscii(k) ? utf8Of(k) : k, values[i]));
		}
	}
}

/**
 * JSON.parse of `bytes` (valid UTF-8, without a byte order mark) as if decoded first: the same
 * value, or the same SyntaxError.
 */
export function parseJsonUtf8(bytes: Buffer): unknown {
	if (isAscii(bytes)) return JSON.parse(bytes.toString('latin1'));
	if (bytes.indexOf('\\u') < 0) {
		let value: unknown;
		try {
			value = JSON.parse(bytes.toString('latin1'));
		} catch {
			return JSON.parse(bytes.toString('utf8'));
		}
		if (typeof value === 'string') return nonAscii(value) ? utf8Of(value) : value;
		if (value !== null && typeof value === 'object') decodeStrings(value);
		return value;
	}
	return JSON.parse(bytes.toString('utf8'));
}
