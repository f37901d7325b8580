// PDF signature extraction (ISO 32000-1 section 12.8.1, ISO 32000-2 12.8.4.3 for the DSS): finds every signature
// dictionary by its /ByteRange, reads /Contents, /SubFilter and the field name, checks the byte range against the
// file ("the byte range shall cover the entire file, including the signature dictionary but excluding the
// /Contents value"), and collects DSS certificates, CRLs and OCSP responses. Linear scans only: no backtracking
// on hostile input.
import { inflateSync } from 'node:zlib';

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

const MAX_INFLATE = 16 * 1024 * 1024;

/** Text view of the bytes where one char = one byte, so string offsets are byte offsets. */
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

export function isPdf(b: Uint8Array): boolean {
	return latin1(b.subarray(0, 1024)).includes('%PDF-');
}

function objectBounds(text: string, at: number): { start: number; end: number; num: number | null } {
	const head = text.lastIndexOf(' obj', at);
	let num: number | null = null;
	if (head >= 0) {
		const m = /(\d+)\s+\d+\s*$/.exec(text.slice(Math.max(0, head - 24), head));
		num = m ? Number(m[1]) : null;
	}
	const end = text.indexOf('endobj', at);
	return { start: head < 0 ? Math.max(0, at - 4096) : head, end: end < 0 ? text.length : end, num };
}

/** Field names by the object number of their signature value (/V n 0 R), from the signature widgets. */
function fieldNames(text: string): Map<number, string> {
	const out = new Map<number, string>();
	const re = /\/FT\s*\/Sig/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const { start, end } = objectBounds(text, m.index);
		const body = text.slice(start, Math.min(end, start + 8192));
		const t = /\/T\s*\(((?:[^()\\]|\\.){0,256})\)/.exec(body);
		const v = /\/V\s+(\d+)\s+\d+\s+R/.exec(body);
		if (t?.[1] !== undefined && v?.[1]) out.set(Number(v[1]), t[1]);
	}
	return out;
}

export function scanPdf(pdf: Uint8Array): PdfScan {
	const text = latin1(pdf);
	const names = fieldNames(text);
	const signatures: PdfSignatureField[] = [];
	const re = /\/ByteRange\s*\[([^\]]{0,200})\]/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const { start, end, num } = objectBounds(text, m.index);
		const dictStart = Math.max(start, m.index - 65536);
		const near = text.slice(dictStart, Math.min(end, m.index + 65536 * 4));
		const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(near)?.[1] ?? null;
		const type = /\/Type\s*\/(Sig|DocTimeStamp)\b/.exec(near)?.[1] ?? null;
		const range = (m[1] ?? '').trim().split(/\s+/).map(Number);
		const field: PdfSignatureField = {
			byteRange: range,
			contents: null,
			subFilter,
			type,
			fieldName: num !== null ? (names.get(num) ?? null) : null,
			objectNumber: num,
			error: null,
			coversWholeDocument: false
		};
		signatures.push(field);
		if (range.length !== 4 || range.some((x) => !Number.isSafeInteger(x) || x < 0)) {
			field.error = '/ByteRange không phải 4 số nguyên không âm';
			continue;
		}
		const [a, b, c, d] = range as [number, number, number, number];
		if (a !== 0 || c < a + b || c + d > pdf.length) {
			field.error = `/ByteRange [${range.join(' ')}] trỏ ra ngoài tệp (${pdf.length} byte) hoặc chồng lấn`;
			continue;
		}
		// The gap must be exactly the /Contents hex string: '<' at b, '>' at c - 1, hex digits between.
		const gap = text.slice(b, c);
		if (!/^<[0-9A-Fa-f\s]*>$/.test(gap)) {
			field.error = '/ByteRange không loại trừ đúng giá trị /Contents của chữ ký';
			continue;
		}
		const hex = gap.slice(1, -1).replace(/\s+/g, '');
		field.contents = trimDer(new Uint8Array(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex')));
		field.coversWholeDocument = c + d === pdf.length || /^\s*$/.test(text.slice(c + d));
	}
	return { signatures, dss: readDss(text, pdf) };
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

function findObject(text: string, num: number): { body: string; streamAt: number } | null {
	const re = new RegExp(`(?:^|[^0-9])${num}\\s+0\\s+obj\\b`, 'g');
	let last = -1;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) last = m.index;
	if (last < 0) return null;
	const end = text.indexOf('endobj', last);
	const body = text.slice(last, end < 0 ? undefined : end);
	const s = body.search(/stream\r?\n/);
	return { body, streamAt: s < 0 ? -1 : last + s };
}

function streamBytes(text: string, pdf: Uint8Array, num: number): Uint8Array | null {
	const o = findObject(text, num);
	if (!o || o.streamAt < 0) return null;
	const dataStart = text.indexOf('\n', o.streamAt) + 1;
	const lenMatch = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(o.body);
	let dataEnd = lenMatch ? dataStart + Number(lenMatch[1]) : text.indexOf('endstream', dataStart);
	if (dataEnd < dataStart || dataEnd > pdf.length) dataEnd = text.indexOf('endstream', dataStart);
	if (dataEnd < 0) return null;
	const raw = pdf.subarray(dataStart, dataEnd);
	if (/\/Filter\s*\/FlateDecode/.test(o.body)) {
		try {
			return new Uint8Array(inflateSync(raw, { maxOutputLength: MAX_INFLATE }));
		} catch {
			return null;
		}
	}
	return raw;
}

function refs(dict: string, key: string): number[] {
	const m = new RegExp(`/${key}\\s*\\[([^\\]]{0,100000})\\]`).exec(dict);
	return m?.[1] ? [...m[1].matchAll(/(\d+)\s+\d+\s+R/g)].map((x) => Number(x[1])) : [];
}

/** Document Security Store (ISO 32000-2 12.8.4.3): /Certs, /CRLs and /OCSPs streams, VRI entries included. */
function readDss(text: string, pdf: Uint8Array): PdfDss {
	const dss: PdfDss = { certs: [], crls: [], ocsps: [] };
	const at = text.lastIndexOf('/DSS');
	if (at < 0) return dss;
	const ref = /^\/DSS\s+(\d+)\s+\d+\s+R/.exec(text.slice(at, at + 40));
	const dict = ref ? (findObject(text, Number(ref[1]))?.body ?? '') : text.slice(at, at + 100000);
	for (const [key, list] of [['Certs', dss.certs], ['CRLs', dss.crls], ['OCSPs', dss.ocsps]] as const) {
		for (const n of refs(dict, key).slice(0, 1000)) {
			const b = streamBytes(text, pdf, n);
			if (b) list.push(b);
		}
	}
	return dss;
}
