// PDF signature extraction (ISO 32000-1 section 12.8.1, ISO 32000-2 12.8.4.3 for the DSS): finds every signature
// dictionary by its /ByteRange, reads /Contents, /SubFilter and the field name, checks the byte range against the
// file ("the byte range shall cover the entire file, including the signature dictionary but excluding the
// /Contents value"), and collects DSS certificates, CRLs and OCSP responses. Buffer.indexOf scans only: no string
// copy of the whole file, no backtracking on hostile input. Signature fields and dictionaries inside compressed
// object streams (7.5.7) are read too (pdf-objects.ts); such a dictionary is accepted only when its byte range
// leaves out exactly the data of an object stream that holds nothing but signature dictionaries, so that the rest
// of the file, the signature fields included, is covered by the signature.
import { asBuffer } from './bytes';
import { parsePdfDate } from './pdf-date';
import type { PdfChange } from './pdf-revisions';
import {
	decodeStream,
	objectBounds,
	plainObject,
	readObjectStreams,
	streamRange,
	type CompressedObject,
	type ObjectStreams
} from './pdf-objects';

export { PdfFormatError } from './pdf-objects';

export interface PdfSignatureField {
	byteRange: number[];
	contents: Uint8Array | null;
	subFilter: string | null;
	type: string | null;
	fieldName: string | null;
	objectNumber: number | null;
	/** Problem with the byte range or the dictionary; the signature is then a FORMAT_FAILURE. */
	error: string | null;
	coversWholeDocument: boolean;
	/** True when the signature dictionary was read from a compressed object stream. */
	inObjectStream?: boolean;
	/** The dictionary's /M (time of signing the signer's software claims), when it is a valid PDF date. */
	signingTime?: Date | null;
	/** What changed in later revisions (pdf-revisions.ts); absent when the file was scanned, not read by its xref. */
	changes?: PdfChange[];
	/** Set when the field is no longer in the newest revision's /AcroForm (removed by a later update). */
	removedLater?: boolean;
}

export interface PdfDss {
	certs: Uint8Array[];
	crls: Uint8Array[];
	ocsps: Uint8Array[];
}

export interface PdfScan {
	signatures: PdfSignatureField[];
	dss: PdfDss;
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const bufferIndexOf = Buffer.prototype.indexOf;

export function isPdf(b: Uint8Array): boolean {
	// "%PDF-" within the first 1024 bytes, by Buffer's native search on a plain Uint8Array view of those bytes (about
	// 0.2 µs; the loop over the bytes it replaced cost about 1 µs per file quiet, 3 at load 10, on every .p7m). No
	// branch on the bytes in JavaScript: a byte loop's later comparisons once met a first PDF without type feedback
	// (a deoptimisation, seventh round). A typed array's own indexOf would have no end (it ran on through a CMS file's
	// content), hence the bounded view.
	return (
		bufferIndexOf.call(new Uint8Array(b.buffer, b.byteOffset, Math.min(b.length, 1024)), PDF_MAGIC, 0) !== -1
	);
}

const FIELD_T = /\/T\s*\(((?:[^()\\]|\\.){0,256})\)/;
const FIELD_V = /\/V\s+(\d+)\s+\d+\s+R/;
const FT_SIG = /\/FT\s*\/Sig\b/;

/** Field names by the object number of their signature value (/V n 0 R), from the signature widgets. */
function fieldNames(b: Buffer, compressed: readonly CompressedObject[]): Map<number, string> {
	const out = new Map<number, string>();
	const add = (body: string) => {
		const t = FIELD_T.exec(body);
		const v = FIELD_V.exec(body);
		if (t?.[1] !== undefined && v?.[1]) out.set(Number(v[1]), t[1]);
	};
	for (let at = b.indexOf('/FT'); at >= 0; at = b.indexOf('/FT', at + 3)) {
		if (!FT_SIG.test(b.toString('latin1', at, at + 16))) continue;
		const { start, end } = objectBounds(b, at);
		add(b.toString('latin1', start, Math.min(end, start + 8192)));
	}
	for (const o of compressed) if (FT_SIG.test(o.body)) add(o.body.slice(0, 65536));
	return out;
}

const BYTE_RANGE = /^\/ByteRange\s*\[([^\]]{0,200})\]/;
const SUB_FILTER = /\/SubFilter\s*\/([^\s/<>[\]()]+)/;
const SIG_TYPE = /\/Type\s*\/(Sig|DocTimeStamp)\b/;
const SIG_M = /\/M\s*\((D:[0-9+\-Z']{4,30})\)/;

/**
 * The numbers of a /ByteRange array's text (what `.trim().split(/\s+/).map(Number)` gives), in an array built by push:
 * a mapped array's hidden class differs as `map` runs in the builtin or inlined in optimised code, and the
 * functions reading the range (rangeInFile, the verifier) were deoptimised for it once their callers were optimised.
 */
export function rangeNumbers(text: string): number[] {
	const out: number[] = [];
	for (const t of text.trim().split(/\s+/)) out.push(Number(t));
	return out;
}

function newField(
	dict: string,
	rangeText: string,
	num: number | null,
	names: Map<number, string>
): PdfSignatureField {
	const field: PdfSignatureField = {
		byteRange: rangeNumbers(rangeText),
		contents: null,
		subFilter: null,
		type: null,
		fieldName: num !== null ? (names.get(num) ?? null) : null,
		objectNumber: num,
		error: null,
		coversWholeDocument: false
	};
	readDictKeys(field, dict);
	return field;
}

function readDictKeys(field: PdfSignatureField, dict: string): void {
	field.subFilter = SUB_FILTER.exec(dict)?.[1] ?? null;
	field.type = SIG_TYPE.exec(dict)?.[1] ?? null;
	const m = SIG_M.exec(dict)?.[1];
	field.signingTime = m ? parsePdfDate(m) : null;
}

/** The range's own shape and bounds; false (with field.error set) when unusable. */
export function rangeInFile(field: PdfSignatureField, length: number): boolean {
	const range = field.byteRange;
	let valid = range.length === 4;
	for (const x of range) if (!Number.isSafeInteger(x) || x < 0) valid = false;
	if (!valid) {
		field.error = '/ByteRange không phải 4 số nguyên không âm';
		return false;
	}
	const [a, b, c, d] = range as [number, number, number, number];
	if (a !== 0 || c < a + b || c + d > length) {
		field.error = `/ByteRange [${range.join(' ')}] trỏ ra ngoài tệp (${length} byte) hoặc chồng lấn`;
		return false;
	}
	return true;
}

export function coversRest(b: Buffer, from: number): boolean {
	for (let i = from; i < b.length; i++) if (!isWhite(b[i]!)) return false;
	return true;
}
const isWhite = (c: number) =>
	c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/** The bytes of the hex string that fills [start, end) exactly, or null. Node's hex decoder stops at the first
 * non-hex character, so a full-length result proves the common case (no whitespace) valid without a regex. */
export function gapContents(b: Buffer, start: number, end: number): Uint8Array | null {
	if (end - start < 2 || b[start] !== 0x3c || b[end - 1] !== 0x3e) return null;
	// Common case: the DER's own hex, then '0' padding up to the reserved size, checked with a native compare.
	const derHex = derHexLength(b.toString('latin1', start + 1, Math.min(end - 1, start + 13)));
	if (derHex !== null && start + 1 + derHex <= end - 1 && zeroPadding(b, start + 1 + derHex, end - 1)) {
		const hex = b.toString('latin1', start + 1, start + 1 + derHex);
		const raw = Buffer.from(hex, 'hex');
		if (raw.length * 2 === hex.length) return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
	}
	const hex = b.toString('latin1', start + 1, end - 1);
	if (hex.length % 2 === 0) {
		const raw = Buffer.from(hex, 'hex');
		if (raw.length * 2 === hex.length) return trimDer(new Uint8Array(raw.buffer, raw.byteOffset, raw.length));
	}
	if (!/^[0-9A-Fa-f\s]*$/.test(hex)) return null;
	return hexBytes(hex.replace(/\s+/g, ''));
}

/** Hex digits taken by a DER element whose header is at the start of `head` (definite lengths only), or null. */
function derHexLength(head: string): number | null {
	if (!/^30[0-9a-fA-F]{2}/.test(head)) return null;
	const l = parseInt(head.slice(2, 4), 16);
	if (l < 0x80) return 2 * (2 + l);
	const n = l & 0x7f;
	if (n === 0 || n > 4 || head.length < 4 + 2 * n || !/^[0-9a-fA-F]+$/.test(head.slice(4, 4 + 2 * n)))
		return null;
	return 2 * (2 + n + parseInt(head.slice(4, 4 + 2 * n), 16));
}

const ZEROS = Buffer.alloc(4096, 0x30); // ASCII '0'
function zeroPadding(b: Buffer, from: number, to: number): boolean {
	for (let p = from; p < to; p += ZEROS.length) {
		const n = Math.min(ZEROS.length, to - p);
		if (b.compare(ZEROS, 0, n, p, p + n) !== 0) return false;
	}
	return true;
}

export const hexBytes = (hex: string) =>
	trimDer(new Uint8Array(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex')));

export function scanPdf(pdf: Uint8Array): PdfScan {
	const b = asBuffer(pdf);
	const streams = readObjectStreams(b);
	const names = fieldNames(b, streams.objects);
	const signatures: PdfSignatureField[] = [];
	const insideObjStm = (at: number) => streams.ranges.some(([s, e]) => at >= s && at < e);
	// Seven-byte needles: Node's Buffer.indexOf is several times slower for longer ones (about 1 ms per MB).
	for (let at = b.indexOf('/ByteRa'); at >= 0; at = b.indexOf('/ByteRa', at + 7)) {
		if (insideObjStm(at)) continue; // read from the decoded object stream below
		const m = BYTE_RANGE.exec(b.toString('latin1', at, at + 260));
		if (!m) continue;
		const { start, end, num } = objectBounds(b, at);
		const lo = Math.max(start, at - 65536);
		const hi = Math.min(end, at + 65536 * 4);
		const field = newField('', m[1] ?? '', num, names);
		signatures.push(field);
		let contents: Uint8Array | null = null;
		if (rangeInFile(field, b.length)) {
			const [, gapStart, gapEnd, tail] = field.byteRange as [number, number, number, number];
			// The gap must be exactly the /Contents hex string: '<' at b, '>' at c - 1, hex digits between.
			contents = gapContents(b, gapStart, gapEnd);
			if (contents) {
				field.contents = contents;
				field.coversWholeDocument = coversRest(b, gapEnd + tail);
			} else field.error = '/ByteRange không loại trừ đúng giá trị /Contents của chữ ký';
		}
		// The dictionary's keys are read from its text without the /Contents digits (most of it) when the gap was found
		// to be a hex string: no match of SUB_FILTER or SIG_TYPE can reach into hex digits or across '<' and '>', so
		// the first match is the same with or without them.
		const [, gs, ge] = field.byteRange as [number, number, number];
		readDictKeys(
			field,
			contents && gs >= lo && ge <= hi
				? b.toString('latin1', lo, gs + 1) + b.toString('latin1', ge - 1, hi)
				: b.toString('latin1', lo, hi)
		);
	}
	for (const o of streams.objects) {
		const at = o.body.indexOf('/ByteRange');
		if (at < 0) continue;
		const m = BYTE_RANGE.exec(o.body.slice(at, at + 260));
		if (!m) continue;
		const field = newField(o.body, m[1] ?? '', o.num, names);
		field.inObjectStream = true;
		signatures.push(field);
		if (!rangeInFile(field, b.length)) continue;
		const [, gapStart, gapEnd, tail] = field.byteRange as [number, number, number, number];
		// Only the object stream's data may be left out, and it may hold nothing but signature dictionaries.
		if (gapStart !== o.dataStart || gapEnd !== o.dataEnd) {
			field.error =
				'/ByteRange của chữ ký nằm trong luồng đối tượng không loại trừ đúng dữ liệu của luồng đó';
			continue;
		}
		if (streams.objects.some((x) => x.container === o.container && !x.body.includes('/ByteRange'))) {
			field.error = 'luồng đối tượng chứa chữ ký còn chứa đối tượng khác không được chữ ký bảo vệ';
			continue;
		}
		const hex = /\/Contents\s*<([0-9A-Fa-f\s]*)>/.exec(o.body);
		if (!hex) {
			field.error = 'thiếu /Contents dạng chuỗi hex';
			continue;
		}
		field.contents = hexBytes((hex[1] ?? '').replace(/\s+/g, ''));
		field.coversWholeDocument = coversRest(b, gapEnd + tail);
	}
	return { signatures, dss: readDss(b, streams) };
}

/** /Contents is zero-padded: keep the DER element's own length (BER indefinite length is left as is). */
function trimDer(b: Uint8Array): Uint8Array {
	if (b.length < 2 || b[0] !== 0x30) return b;
	const l = b[1]!;
	if (l < 0x80) return b.subarray(0, 2 + l);
	const n = l & 0x7f;
	if (n === 0 || n > 4 || b.length < 2 + n) return b;
	let len = 0;
	for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
	return 2 + n + len <= b.length ? b.subarray(0, 2 + n + len) : b;
}

/** The latest copy of object `num`: plain, or from an object stream later in the file. */
function objectBody(b: Buffer, streams: ObjectStreams, num: number): string | null {
	const plain = plainObject(b, num);
	let best: CompressedObject | undefined;
	for (const o of streams.objects) if (o.num === num && (!best || o.dataStart > best.dataStart)) best = o;
	if (best && (!plain || best.dataStart > plain.at)) return best.body;
	return plain?.body ?? null;
}

/** Decoded data of stream object `num` (streams are never inside object streams), or null. */
function streamBytes(b: Buffer, num: number): Uint8Array | null {
	const o = plainObject(b, num, 64 * 1024 * 1024);
	if (!o) return null;
	const range = streamRange(b, o.at, o.body);
	if (!range) return null;
	const dict = o.body.slice(0, o.body.search(/\bstream(\r\n|\n|\r)/));
	try {
		return decodeStream(b.subarray(range[0], range[1]), dict);
	} catch {
		return null;
	}
}

function refs(dict: string, key: string): number[] {
	const m = new RegExp(`/${key}\\s*\\[([^\\]]{0,100000})\\]`).exec(dict);
	return m?.[1] ? [...m[1].matchAll(/(\d+)\s+\d+\s+R/g)].map((x) => Number(x[1])) : [];
}

/** Document Security Store (ISO 32000-2 12.8.4.3): /Certs, /CRLs and /OCSPs streams, VRI entries included. */
function readDss(b: Buffer, streams: ObjectStreams): PdfDss {
	const dss: PdfDss = { certs: [], crls: [], ocsps: [] };
	// The last /DSS key in the file, or in a catalog read from an object stream further on.
	let text: string | null = null;
	let textAt = -1;
	// Forward scan for the last hit: Buffer.lastIndexOf is markedly slower than indexOf over large files.
	let at = -1;
	for (let i = b.indexOf('/DSS'); i >= 0; i = b.indexOf('/DSS', i + 4)) at = i;
	if (at >= 0) {
		text = b.toString('latin1', at, Math.min(b.length, at + 100000));
		textAt = at;
	}
	for (const o of streams.objects) {
		const i = o.body.lastIndexOf('/DSS');
		if (i >= 0 && o.dataStart > textAt) {
			text = o.body.slice(i, i + 100000);
			textAt = o.dataStart;
		}
	}
	if (text === null) return dss;
	const ref = /^\/DSS\s+(\d+)\s+\d+\s+R/.exec(text.slice(0, 40));
	const dict = ref ? (objectBody(b, streams, Number(ref[1])) ?? '') : text;
	for (const [key, list] of [
		['Certs', dss.certs],
		['CRLs', dss.crls],
		['OCSPs', dss.ocsps]
	] as const) {
		for (const n of refs(dict, key).slice(0, 1000)) {
			const s = streamBytes(b, n);
			if (s) list.push(s);
		}
	}
	return dss;
}
