// Reading a PDF through its cross-reference data (ISO 32000-1 §7.5): the last "startxref" gives the newest
// cross-reference section, a classic table (§7.5.4, "xref" then subsections of 20-byte entries, then the
// "trailer" dictionary) or a cross-reference stream (§7.5.8, /Type /XRef with /W field widths, /Index subsections
// and FlateDecode with the PNG predictors of §7.4.4.4); each trailer's /Prev leads to the section of the previous
// revision (§7.5.6, incremental updates), and a hybrid file's table trailer adds the stream named by /XRefStm
// (§7.5.8.4). Objects are then read where their entry says: at a file offset, or as the i-th object of an object
// stream (§7.5.7). Every section is kept with the end of its revision (its "%%EOF"), so each revision's view of
// the document can be rebuilt (pdf-revisions.ts). Anything inconsistent is a PdfXrefError: the caller then falls
// back to scanning the file (pdf-signatures.ts) and says so.
import { inflateSync } from 'node:zlib';
import { bytesAre, dictOfText, readDictAt, skipJsSpace } from './pdf-bytes';
import { intArray, refNum } from './pdf-dict';
import { PdfXrefError, readObjectAt } from './pdf-object-at';

export { PdfXrefError, readObjectAt, type PdfObject } from './pdf-object-at';

export type XrefEntry =
	{ kind: 'plain'; offset: number } | { kind: 'packed'; stream: number; index: number } | { kind: 'free' };

export interface XrefSection {
	/** File offset of the section (its "xref" keyword or its stream object). */
	offset: number;
	/** End of the revision this section closes: just after its "%%EOF" marker and end-of-line. */
	end: number;
	entries: Map<number, XrefEntry>;
	trailer: Map<string, string>;
}

// Needles as bytes: Buffer.indexOf converts a string needle to a new Buffer on every call.
const EOF_MARK = Buffer.from('%%EOF', 'latin1');
const TRAILER = Buffer.from('trailer', 'latin1');
const STARTXREF = Buffer.from('startxref', 'latin1');

const MAX_SECTIONS = 20_000;
const MAX_ENTRIES = 5_000_000;
const MAX_INFLATE = 16 * 1024 * 1024;

/** Inflated stream data, with the PNG predictors (10–15) of a cross-reference stream undone (§7.4.4.4). */
export function decodeXrefData(raw: Uint8Array, dict: Map<string, string>): Uint8Array {
	const filter = dict.get('Filter')?.replace(/[[\]\s]/g, '');
	let data: Uint8Array = raw;
	if (filter) {
		if (filter !== '/FlateDecode' && filter !== '/Fl')
			throw new PdfXrefError(`bộ lọc luồng không hỗ trợ: ${filter}`);
		try {
			data = inflateSync(raw, { maxOutputLength: MAX_INFLATE });
		} catch (e) {
			throw new PdfXrefError(`luồng nén hỏng: ${(e as Error).message}`);
		}
	}
	const parms = dictOfText(dict.get('DecodeParms')?.replace(/^\[\s*|\s*\]$/g, '') ?? '');
	const predictor = Number(parms?.get('Predictor') ?? 1);
	if (predictor <= 1) return data;
	if (predictor < 10) throw new PdfXrefError('bộ dự đoán TIFF trong luồng tham chiếu chéo không hỗ trợ');
	const columns = Number(parms?.get('Columns') ?? 1);
	if (!Number.isSafeInteger(columns) || columns < 1 || columns > 1024)
		throw new PdfXrefError('/Columns không hợp lệ');
	const rowLen = columns + 1;
	const rows = Math.floor(data.length / rowLen);
	const out = new Uint8Array(rows * columns);
	for (let r = 0; r < rows; r++) {
		const type = data[r * rowLen]!;
		for (let c = 0; c < columns; c++) {
			const x = data[r * rowLen + 1 + c]!;
			const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
			const left = c > 0 ? out[r * columns + c - 1]! : 0; // bytes per pixel is 1 in xref streams
			const ul = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
			let v = x;
			if (type === 1) v = x + left;
			else if (type === 2) v = x + up;
			else if (type === 3) v = x + ((left + up) >> 1);
			else if (type === 4) {
				const p = left + up - ul;
				const pa = Math.abs(p - left);
				const pb = Math.abs(p - up);
				const pc = Math.abs(p - ul);
				v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul);
			} else if (type !== 0) throw new PdfXrefError(`loại bộ lọc PNG ${type} không hợp lệ`);
			out[r * columns + c] = v & 0xff;
		}
	}
	return out;
}

/** End of the revision whose section is at `offset`: after the next "%%EOF" and its end-of-line. */
function revisionEnd(b: Buffer, offset: number): number {
	const eof = b.indexOf(EOF_MARK, offset);
	if (eof < 0) return b.length;
	let end = eof + 5;
	if (b[end] === 0x0d) end++;
	if (b[end] === 0x0a) end++;
	return end;
}

function readTable(
	b: Buffer,
	offset: number
): { entries: Map<number, XrefEntry>; trailer: Map<string, string> } {
	const t = b.indexOf(TRAILER, offset);
	if (t < 0) throw new PdfXrefError('bảng tham chiếu chéo không có trailer');
	const entries = plainTableEntries(b, offset + 4, t) ?? tableEntries(b, offset, t);
	// Read from the bytes, within 2 MB: what follows a trailer may be a whole later revision.
	const trailer = readDictAt(b, t + 7, Math.min(b.length, t + 7 + (1 << 21)));
	if (!trailer) throw new PdfXrefError('từ điển trailer không đọc được');
	return { entries, trailer: trailer.entries };
}

// White space as the table's token split sees it (JavaScript's \s within latin1).
const isSpace = (c: number) => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;

/** The entries of a well-formed table read from its bytes without a string per token, or null for anything less
 * regular (then tableEntries reads it, and rejects what it must). Same entries as tableEntries for what it takes. */
/** The next token at `i` (after white space), of digits only: its value into value[0] (-1 when there is none, it is
 * not all digits or longer than `maxLen`); returns where the token ends. */
function digitsAt(b: Buffer, i: number, to: number, maxLen: number, value: Float64Array): number {
	while (i < to && isSpace(b[i]!)) i++;
	const start = i;
	let v = 0;
	while (i < to && !isSpace(b[i]!)) {
		const d = b[i]! - 0x30;
		if (d < 0 || d > 9) {
			value[0] = -1;
			return i;
		}
		v = v * 10 + d;
		i++;
	}
	value[0] = i === start || i - start > maxLen ? -1 : v;
	return i;
}

function plainTableEntries(b: Buffer, from: number, to: number): Map<number, XrefEntry> | null {
	const entries = new Map<number, XrefEntry>();
	const v = new Float64Array(1); // the last token's value (no closure per table: this runs per file read)
	let i = from;
	for (;;) {
		while (i < to && isSpace(b[i]!)) i++;
		if (i >= to) return entries;
		i = digitsAt(b, i, to, 15, v);
		const first = v[0]!;
		i = digitsAt(b, i, to, 15, v);
		const count = v[0]!;
		if (first < 0 || count < 0 || count > MAX_ENTRIES) return null;
		for (let k = 0; k < count; k++) {
			i = digitsAt(b, i, to, 10, v);
			const off = v[0]!;
			while (i < to && isSpace(b[i]!)) i++;
			const genStart = i;
			while (i < to && !isSpace(b[i]!)) i++;
			while (i < to && isSpace(b[i]!)) i++;
			const kind = b[i];
			if (off < 0 || i === genStart || i + 1 > to || (kind !== 0x6e && kind !== 0x66)) return null;
			i++;
			if (i < to && !isSpace(b[i]!)) return null;
			entries.set(first + k, kind === 0x6e ? { kind: 'plain', offset: off } : { kind: 'free' });
		}
	}
}

function tableEntries(b: Buffer, offset: number, t: number): Map<number, XrefEntry> {
	const tokens = b
		.toString('latin1', offset + 4, t)
		.trim()
		.split(/\s+/);
	const entries = new Map<number, XrefEntry>();
	let i = 0;
	while (i < tokens.length && tokens[0] !== '') {
		const first = Number(tokens[i]);
		const count = Number(tokens[i + 1]);
		if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || count < 0 || count > MAX_ENTRIES)
			throw new PdfXrefError('phần con của bảng tham chiếu chéo không hợp lệ');
		i += 2;
		for (let k = 0; k < count; k++, i += 3) {
			const off = tokens[i];
			const kind = tokens[i + 2];
			if (off === undefined || !/^\d{1,10}$/.test(off) || (kind !== 'n' && kind !== 'f'))
				throw new PdfXrefError('mục của bảng tham chiếu chéo không hợp lệ');
			entries.set(first + k, kind === 'n' ? { kind: 'plain', offset: Number(off) } : { kind: 'free' });
		}
	}
	return entries;
}

function readStreamSection(
	b: Buffer,
	offset: number
): { entries: Map<number, XrefEntry>; trailer: Map<string, string> } {
	const o = readObjectAt(b, offset, null);
	if (!o.dict || o.dict.get('Type')?.trim() !== '/XRef' || !o.stream)
		throw new PdfXrefError(`không có bảng hay luồng tham chiếu chéo tại vị trí ${offset}`);
	const w = intArray(o.dict.get('W'));
	const size = Number(o.dict.get('Size'));
	const index = o.dict.has('Index') ? intArray(o.dict.get('Index')) : [0, size];
	if (w.length !== 3 || w.some((x) => !Number.isSafeInteger(x) || x < 0 || x > 8) || index.length % 2)
		throw new PdfXrefError('/W hoặc /Index của luồng tham chiếu chéo không hợp lệ');
	const data = decodeXrefData(b.subarray(o.stream[0], o.stream[1]), o.dict);
	const rowLen = w[0]! + w[1]! + w[2]!;
	const field = (p: number, n: number) => {
		let v = 0;
		for (let k = 0; k < n; k++) v = v * 256 + data[p + k]!;
		return v;
	};
	const entries = new Map<number, XrefEntry>();
	let p = 0;
	for (let s = 0; s < index.length; s += 2) {
		const first = index[s]!;
		const count = index[s + 1]!;
		if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || count < 0 || count > MAX_ENTRIES)
			throw new PdfXrefError('/Index của luồng tham chiếu chéo không hợp lệ');
		for (let k = 0; k < count; k++, p += rowLen) {
			if (p + rowLen > data.length) throw new PdfXrefError('luồng tham chiếu chéo ngắn hơn /Index');
			const type = w[0] ? field(p, w[0]) : 1; // §7.5.8.2: a zero-width type field means type 1
			const f2 = field(p + w[0]!, w[1]!);
			const f3 = field(p + w[0]! + w[1]!, w[2]!);
			if (type === 0) entries.set(first + k, { kind: 'free' });
			else if (type === 1) entries.set(first + k, { kind: 'plain', offset: f2 });
			else if (type === 2) entries.set(first + k, { kind: 'packed', stream: f2, index: f3 });
			// Other types are reserved: "treated as a reference to the null object" — left out.
		}
	}
	return { entries, trailer: o.dict };
}

/** The last "startxref" offset of the file (§7.5.5), looked for in its last 2 KB. */
function lastStartxref(b: Buffer): number {
	const from = Math.max(0, b.length - 2048);
	// The offset given (the same search as none): Node's lastIndexOf compares an absent one with a number, and its
	// optimised code, which had only seen numbers (isPdf, the other searches), was deoptimised ("not a Smi").
	const at = b.lastIndexOf(STARTXREF, b.length);
	if (at < from) throw new PdfXrefError('không tìm thấy startxref ở cuối tệp');
	// What /^startxref\s+(\d{1,12})/ takes from the next 40 bytes.
	const limit = Math.min(b.length, at + 40);
	const digits = skipJsSpace(b, at + 9, limit);
	let to = digits;
	while (to < limit && to - digits < 12 && b[to]! >= 0x30 && b[to]! <= 0x39) to++;
	if (digits === at + 9 || to === digits) throw new PdfXrefError('startxref không có vị trí');
	return Number(b.toString('latin1', digits, to));
}

/** Every cross-reference section of the file, oldest first, following /Prev from the last startxref. */
export function readXrefSections(b: Buffer): XrefSection[] {
	const sections: XrefSection[] = [];
	const seen = new Set<number>();
	let offset: number | null = lastStartxref(b);
	while (offset !== null) {
		if (seen.has(offset)) throw new PdfXrefError('chuỗi /Prev của các bảng tham chiếu chéo bị lặp');
		if (offset < 0 || offset >= b.length)
			throw new PdfXrefError(`vị trí bảng tham chiếu chéo ${offset} nằm ngoài tệp`);
		if (sections.length >= MAX_SECTIONS) throw new PdfXrefError('quá nhiều bản sửa đổi');
		seen.add(offset);
		let at: number = offset;
		while (at < b.length && (b[at] === 0x20 || b[at] === 0x0a || b[at] === 0x0d || b[at] === 0x09)) at++;
		const isTable: boolean = bytesAre(b, at, 'xref');
		const section: { entries: Map<number, XrefEntry>; trailer: Map<string, string> } = isTable
			? readTable(b, at)
			: readStreamSection(b, at);
		const hybrid = isTable ? section.trailer.get('XRefStm') : undefined;
		if (hybrid !== undefined) {
			// §7.5.8.4: the table's entries first, then the stream's, which hides objects from older readers.
			const extra = readStreamSection(b, Number(hybrid));
			for (const [num, e] of extra.entries) if (!section.entries.has(num)) section.entries.set(num, e);
		}
		// Keys written out: V8 (Node 20) builds an object spread through a slow path.
		sections.unshift({
			offset,
			end: revisionEnd(b, offset),
			entries: section.entries,
			trailer: section.trailer
		});
		const prev: string | undefined = section.trailer.get('Prev');
		offset = prev === undefined ? null : Number(prev);
		if (offset !== null && !Number.isSafeInteger(offset)) throw new PdfXrefError('/Prev không hợp lệ');
	}
	return sections;
}

/** The trailer's /Root reference of a section, or of the newest older section that has one. */
export function rootOf(sections: readonly XrefSection[], upTo: number): number | null {
	for (let k = upTo; k >= 0; k--) {
		const r = refNum(sections[k]!.trailer.get('Root'));
		if (r !== null) return r;
	}
	return null;
}
