// The object reader of pdf-xref.ts as it was before it read bytes (latin1 string windows from 2 KB up), kept for
// tests/unit/pki/pdf-bytes.test.ts to compare the byte reader with.
import { readDict, valueEnd } from '../../../src/lib/pki/pdf-dict';
import { PdfXrefError, type PdfObject } from '../../../src/lib/pki/pdf-xref';

const ENDSTREAM = Buffer.from('endstream', 'latin1');

/** The value text of the object whose header is at `offset`, and its stream data range when it has one. */
export function oldReadObjectAt(
	b: Buffer,
	offset: number,
	num: number | null,
	length?: (ref: string) => number | null
): PdfObject {
	const head = /^\s*(\d+)\s+(\d+)\s+obj(?![^\s()<>[\]{}/%])/.exec(b.toString('latin1', offset, offset + 48));
	if (!head || (num !== null && Number(head[1]) !== num))
		throw new PdfXrefError(`mục tham chiếu chéo của đối tượng ${num ?? '?'} trỏ sai vị trí (${offset})`);
	const start = offset + head[0].length;
	// Windows from 2 KB up: most objects are small, a signature dictionary's /Contents may be large, and each window
	// is a string copy of that many bytes.
	let endobj = -2; // where "endobj" follows, found once the first window is too small (-2: not looked for)
	for (let w = 1 << 11; ; w *= 8) {
		if (w > 1 << 11 && endobj === -2) {
			// A large object (a signature dictionary's /Contents) usually ends just before its "endobj": one window of
			// that size instead of copying ever larger windows. A string holding "endobj" only falls back to growing.
			endobj = findEndobj(b, start);
			if (endobj > start + (w >> 3)) w = Math.max(w >> 3, endobj - start + 16);
		}
		const text = b.toString('latin1', start, Math.min(b.length, start + w));
		// A dictionary is read once, its end found on the way; any other value is only delimited.
		const parsed = /^\s*<</.test(text) ? readDict(text, 0) : null;
		const end = parsed ? parsed.end : valueEnd(text, 0);
		if (end < 0 || (!parsed && /^\s*<</.test(text))) {
			if (start + w >= b.length || w > 1 << 26) throw new PdfXrefError(`đối tượng ${head[1]} không kết thúc`);
			continue;
		}
		const value = text.slice(0, end).trim();
		const dict = parsed?.entries ?? null;
		let stream: [number, number] | null = null;
		const s = /^\s*stream(\r\n|\n|\r)/.exec(text.slice(end, end + 32));
		if (s && dict) {
			const dataStart = start + end + s[0].length;
			const lenValue = dict.get('Length') ?? '';
			const len = /^\d+$/.test(lenValue.trim()) ? Number(lenValue) : (length?.(lenValue) ?? null);
			let dataEnd = len === null ? -1 : dataStart + len;
			if (
				dataEnd < dataStart ||
				dataEnd > b.length ||
				!/^\s{0,4}endstream/.test(b.toString('latin1', dataEnd, dataEnd + 16))
			) {
				const e = b.indexOf(ENDSTREAM, dataStart);
				if (e < 0) throw new PdfXrefError(`luồng của đối tượng ${head[1]} không có endstream`);
				dataEnd = e;
				while (dataEnd > dataStart && (b[dataEnd - 1] === 0x0a || b[dataEnd - 1] === 0x0d)) dataEnd--;
			}
			stream = [dataStart, dataEnd];
		}
		return {
			num: Number(head[1]),
			text: value,
			textLength: value.length,
			dict,
			stream,
			container: null,
			at: offset
		};
	}
}

/** Where the next "endobj" after `from` starts, or -1. Buffer.indexOf with a string needle costs about 1 ns a byte,
 * with one byte it is memchr: look for its rare 'j' (never a hex digit) and check the bytes before it. */
function findEndobj(b: Buffer, from: number): number {
	for (let j = b.indexOf(0x6a, from + 5); j >= 0; j = b.indexOf(0x6a, j + 1))
		if (b[j - 1] === 0x62 && b[j - 2] === 0x6f && b[j - 3] === 0x64 && b[j - 4] === 0x6e && b[j - 5] === 0x65)
			return j - 5;
	return -1;
}
