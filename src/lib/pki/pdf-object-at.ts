// One PDF object read where a cross-reference entry points (ISO 32000-1 §7.3.10 "N G obj … endobj", §7.3.8
// streams): its header checked against the object number the entry names, its value read from the file's bytes (a
// dictionary once, its end found on the way, pdf-bytes.ts), and the range of its stream data (/Length, direct or
// indirect, checked against "endstream", else the next "endstream"). A mismatch is a PdfXrefError: the caller then
// scans the file instead. pdf-xref.ts re-exports all of it.
import { bytesAre, isJsSpace, readDictAt, skipJsSpace, valueEndAt } from './pdf-bytes';

export class PdfXrefError extends Error {}

/** An object as read: its value text (a dictionary without its stream data), and where its stream data is. */
export interface PdfObject {
	num: number;
	text: string;
	/** text.length, without making the text. */
	textLength: number;
	dict: Map<string, string> | null;
	/** [start, end) of the raw stream data in the file. */
	stream: [number, number] | null;
	/** Set for an object read from an object stream: its container and the container's raw data range. */
	container: { num: number; dataStart: number; dataEnd: number } | null;
	/** File offset of the object (of its container's data for a packed object). */
	at: number;
}

const ENDSTREAM = Buffer.from('endstream', 'latin1');

/** "N G obj" at `offset` (what /^\s*(\d+)\s+(\d+)\s+obj(?![^\s()<>[\]{}/%])/ matches in the next 48 bytes): the
 * object number's text and where the header ends, or null. */
function objectHeader(b: Buffer, offset: number): { num: string; end: number } | null {
	const limit = Math.min(b.length, offset + 48);
	let i = skipJsSpace(b, offset, limit);
	const numStart = i;
	while (i < limit && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
	const numEnd = i;
	if (numEnd === numStart) return null;
	i = skipJsSpace(b, i, limit);
	if (i === numEnd) return null;
	const genStart = i;
	while (i < limit && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
	if (i === genStart) return null;
	const genEnd = i;
	i = skipJsSpace(b, i, limit);
	if (i === genEnd || !bytesAre(b, i, 'obj', limit)) return null;
	i += 3;
	if (i < limit && !isJsSpace(b[i]!) && !DELIMITER.has(b[i]!)) return null;
	return { num: b.toString('latin1', numStart, numEnd), end: i };
}

// What may follow "obj" or "R" as a separate token: PDF delimiters (the regular expressions' [()<>[\]{}/%]).
const DELIMITER = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** The value text of the object whose header is at `offset`, and its stream data range when it has one. Read from
 * the bytes (pdf-bytes.ts): a dictionary once, its end found on the way, any other value only delimited. */
export function readObjectAt(
	b: Buffer,
	offset: number,
	num: number | null,
	length?: (ref: string) => number | null
): PdfObject {
	const head = objectHeader(b, offset);
	if (!head || (num !== null && Number(head.num) !== num))
		throw new PdfXrefError(`mục tham chiếu chéo của đối tượng ${num ?? '?'} trỏ sai vị trí (${offset})`);
	const start = head.end;
	const first = skipJsSpace(b, start, b.length);
	const isDict = b[first] === 0x3c && b[first + 1] === 0x3c;
	const parsed = isDict ? readDictAt(b, start, b.length) : null;
	const end = parsed ? parsed.end : isDict ? -1 : valueEndAt(b, start, b.length);
	if (end < 0) throw new PdfXrefError(`đối tượng ${head.num} không kết thúc`);
	const dict = parsed?.entries ?? null;
	let stream: [number, number] | null = null;
	const eol = dict ? streamKeyword(b, end) : -1;
	if (dict && eol >= 0) {
		const dataStart = eol;
		const lenValue = dict.get('Length') ?? '';
		const len = /^\d+$/.test(lenValue.trim()) ? Number(lenValue) : (length?.(lenValue) ?? null);
		let dataEnd = len === null ? -1 : dataStart + len;
		if (dataEnd < dataStart || dataEnd > b.length || !endstreamAt(b, dataEnd)) {
			const e = b.indexOf(ENDSTREAM, dataStart);
			if (e < 0) throw new PdfXrefError(`luồng của đối tượng ${head.num} không có endstream`);
			dataEnd = e;
			while (dataEnd > dataStart && (b[dataEnd - 1] === 0x0a || b[dataEnd - 1] === 0x0d)) dataEnd--;
		}
		stream = [dataStart, dataEnd];
	}
	let from = start;
	let to = end;
	while (from < to && isJsSpace(b[from]!)) from++;
	while (to > from && isJsSpace(b[to - 1]!)) to--;
	// A dictionary's value text is the dictionary's own (it starts at "<<" and ends at ">>"), already a string.
	return new PlainObject(Number(head.num), dict, stream, offset, b, from, to, parsed?.text);
}

/** An object read at its file offset; its value text is made when first asked for (a signature dictionary's is
 * kilobytes of /Contents digits, which verification reads from the bytes instead). */
class PlainObject implements PdfObject {
	readonly container = null;
	constructor(
		readonly num: number,
		readonly dict: Map<string, string> | null,
		readonly stream: [number, number] | null,
		readonly at: number,
		private readonly bytes: Buffer,
		private readonly from: number,
		private readonly to: number,
		private value?: string
	) {}

	get text(): string {
		return (this.value ??= this.bytes.toString('latin1', this.from, this.to));
	}

	get textLength(): number {
		return this.to - this.from;
	}
}

/** Where the stream data starts when "stream" and its end-of-line follow `at` within 32 bytes (what
 * /^\s*stream(\r\n|\n|\r)/ matches there), else -1. */
function streamKeyword(b: Buffer, at: number): number {
	const limit = Math.min(b.length, at + 32);
	const i = skipJsSpace(b, at, limit);
	if (!bytesAre(b, i, 'stream', limit)) return -1;
	const e = i + 6;
	if (e < limit && b[e] === 0x0d) return e + 1 < limit && b[e + 1] === 0x0a ? e + 2 : e + 1;
	return e < limit && b[e] === 0x0a ? e + 1 : -1;
}

/** Whether "endstream" follows `at` after at most 4 white-space bytes (/^\s{0,4}endstream/ on the next 16). */
function endstreamAt(b: Buffer, at: number): boolean {
	const limit = Math.min(b.length, at + 16);
	let i = at;
	while (i < limit && i - at < 4 && isJsSpace(b[i]!)) i++;
	return bytesAre(b, i, 'endstream', limit);
}
