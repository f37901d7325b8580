// Locating PDF objects in the raw bytes (ISO 32000-1 section 7.3.10 "N G obj … endobj") and inside compressed object
// streams (7.5.7: /Type /ObjStm, /N pairs "objnum offset" before /First, FlateDecode), with Buffer.indexOf and
// lastIndexOf: no string copy of the whole file and no backtracking regular expression over it. Object streams are
// found by their dictionaries, not through the cross-reference table or stream (7.5.8), so files with xref streams
// and broken xref tables read the same; where an object appears several times, the copy furthest into the file (the
// latest incremental update) wins. Sizes are bounded; a malformed object stream is a PdfFormatError.
import { inflateSync } from 'node:zlib';

export class PdfFormatError extends Error {}

const MAX_INFLATE = 16 * 1024 * 1024;
const MAX_INFLATE_TOTAL = 64 * 1024 * 1024;
const MAX_OBJSTMS = 10_000;
const MAX_OBJECTS_PER_STREAM = 100_000;

/** An object read from an object stream: its decoded text and where its container's raw stream data sits. */
export interface CompressedObject {
	num: number;
	body: string;
	/** Object number of the object stream, and the file offsets of its (compressed) stream data. */
	container: number;
	dataStart: number;
	dataEnd: number;
}

export interface ObjectStreams {
	objects: CompressedObject[];
	/** Raw stream data ranges [start, end) of every object stream, to skip when scanning the plain bytes. */
	ranges: [number, number][];
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** The enclosing "N G obj" header before `at` (within `window` bytes) and the following "endobj". */
export function objectBounds(
	b: Buffer,
	at: number,
	window = 1 << 20
): { start: number; end: number; num: number | null } {
	const head = b.lastIndexOf(' obj', at);
	let num: number | null = null;
	if (head >= 0 && at - head <= window) {
		const m = /(\d+)\s+\d+\s*$/.exec(b.toString('latin1', Math.max(0, head - 24), head));
		num = m ? Number(m[1]) : null;
	}
	const end = b.indexOf('endobj', at);
	return {
		start: head < 0 || at - head > window ? Math.max(0, at - 4096) : head,
		end: end < 0 ? b.length : end,
		num
	};
}

/** Offset of the last "num 0 obj" header in the raw bytes, or -1. */
export function lastObjectHeader(b: Buffer, num: number): number {
	const needle = `${num} 0 obj`;
	for (let at = b.lastIndexOf(needle); at >= 0; at = at > 0 ? b.lastIndexOf(needle, at - 1) : -1) {
		const after = b[at + needle.length];
		if (
			!isDigit(b[at - 1]) &&
			(after === undefined || (!isDigit(after) && !(after >= 0x41 && after <= 0x7a)))
		)
			return at;
	}
	return -1;
}

/** A plain (uncompressed) object's body text, bounded, from its header to "endobj". */
export function plainObject(b: Buffer, num: number, max = 1 << 20): { at: number; body: string } | null {
	const at = lastObjectHeader(b, num);
	if (at < 0) return null;
	const end = b.indexOf('endobj', at);
	return { at, body: b.toString('latin1', at, Math.min(end < 0 ? b.length : end, at + max)) };
}

/** Stream data of the object whose text starts at `at` with dictionary text `body`: [start, end) in the file. */
export function streamRange(b: Buffer, at: number, body: string): [number, number] | null {
	const s = /\bstream(\r\n|\n|\r)/.exec(body);
	if (!s) return null;
	const dataStart = at + s.index + s[0].length;
	const dict = body.slice(0, s.index);
	const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
	let dataEnd = len ? dataStart + Number(len[1]) : -1;
	if (
		dataEnd < dataStart ||
		dataEnd > b.length ||
		!/^\s{0,4}endstream/.test(b.toString('latin1', dataEnd, dataEnd + 16))
	) {
		const e = b.indexOf('endstream', dataStart);
		if (e < 0) return null;
		dataEnd = e;
		while (dataEnd > dataStart && (b[dataEnd - 1] === 0x0a || b[dataEnd - 1] === 0x0d)) dataEnd--;
	}
	return [dataStart, dataEnd];
}

/** FlateDecode or no filter; anything else (or a predictor) is not expected in these small dictionaries' streams. */
export function decodeStream(raw: Uint8Array, dict: string, limit = MAX_INFLATE): Uint8Array {
	const filters = [
		...(/\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1] ?? '').matchAll(/\/([A-Za-z0-9]+)/g)
	].map((m) => m[1]);
	if (!filters.length) return raw;
	if (filters.length !== 1 || (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl'))
		throw new PdfFormatError(`bộ lọc luồng không hỗ trợ: ${filters.join(', ')}`);
	if (/\/Predictor\s+(\d+)/.exec(dict) && Number(/\/Predictor\s+(\d+)/.exec(dict)![1]) > 1)
		throw new PdfFormatError('luồng FlateDecode có /Predictor không hỗ trợ');
	try {
		return new Uint8Array(inflateSync(raw, { maxOutputLength: limit }));
	} catch (e) {
		throw new PdfFormatError(`luồng nén FlateDecode hỏng hoặc quá lớn: ${(e as Error).message}`);
	}
}

/** Every object held in an object stream (7.5.7). Empty, at the cost of one indexOf, for files without any. */
export function readObjectStreams(b: Buffer): ObjectStreams {
	const out: ObjectStreams = { objects: [], ranges: [] };
	let total = 0;
	for (let at = b.indexOf('/ObjStm'); at >= 0; at = b.indexOf('/ObjStm', at + 7)) {
		const { start, num } = objectBounds(b, at, 4096);
		if (num === null) continue;
		const headerEnd = b.indexOf('obj', start) + 3;
		// The /ObjStm must be this object's /Type, in the dictionary that opens it, before its stream keyword.
		const text = b.toString('latin1', headerEnd, Math.min(b.length, headerEnd + 4096));
		const dictEnd = text.search(/\bstream(\r\n|\n|\r)/);
		const dict = dictEnd < 0 ? '' : text.slice(0, dictEnd);
		if (!/^\s*<</.test(text) || !/\/Type\s*\/ObjStm\b/.test(dict) || headerEnd + dictEnd < at) continue;
		if (out.ranges.length >= MAX_OBJSTMS) throw new PdfFormatError('quá nhiều luồng đối tượng');
		const range = streamRange(b, headerEnd, text);
		const n = Number(/\/N\s+(\d+)/.exec(dict)?.[1] ?? NaN);
		const first = Number(/\/First\s+(\d+)/.exec(dict)?.[1] ?? NaN);
		if (!range || !Number.isSafeInteger(n) || !Number.isSafeInteger(first) || n > MAX_OBJECTS_PER_STREAM)
			throw new PdfFormatError(`luồng đối tượng ${num} thiếu /N, /First hoặc dữ liệu`);
		const data = decodeStream(
			b.subarray(range[0], range[1]),
			dict,
			Math.min(MAX_INFLATE, MAX_INFLATE_TOTAL - total)
		);
		total += data.length;
		if (first > data.length) throw new PdfFormatError(`luồng đối tượng ${num}: /First vượt quá dữ liệu`);
		const decoded = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		const header = decoded.toString('latin1', 0, first).trim();
		const ints = header ? header.split(/\s+/) : [];
		if (ints.length < 2 * n || ints.some((x) => !/^\d+$/.test(x)))
			throw new PdfFormatError(`luồng đối tượng ${num}: phần đầu không đúng /N cặp số`);
		out.ranges.push(range);
		for (let i = 0; i < n; i++) {
			const objNum = Number(ints[2 * i]);
			const off = first + Number(ints[2 * i + 1]);
			const next = i + 1 < n ? first + Number(ints[2 * i + 3]) : decoded.length;
			if (off > decoded.length || next < off || next > decoded.length)
				throw new PdfFormatError(`luồng đối tượng ${num}: vị trí đối tượng ${objNum} sai`);
			out.objects.push({
				num: objNum,
				body: decoded.toString('latin1', off, next),
				container: num,
				dataStart: range[0],
				dataEnd: range[1]
			});
		}
	}
	return out;
}
