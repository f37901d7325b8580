// A bounded DER TLV splitter (X.690 section 8.1: identifier, length, contents) that only slices: it lets CMS
// parsing hand certificates and large encapsulated contents to their own decoders without asn1js copying and
// schema-matching them, which costs milliseconds per document. Indefinite lengths (BER) are refused: callers fall
// back to the full pkijs parser.
export interface Tlv {
	/** First identifier octet (class, constructed bit, low tag number). */
	tag: number;
	start: number;
	valueStart: number;
	end: number;
}

export class DerError extends Error {}

export function readTlv(b: Uint8Array, at: number, limit = b.length): Tlv {
	const valueStart = valueStartAt(b, at, limit);
	return { tag: b[at]!, start: at, valueStart, end: valueStart + lengthAt(b, at) };
}

/** Where the value of the TLV at `at` starts, after checking the TLV lies within `limit`; DerError otherwise. */
export function valueStartAt(b: Uint8Array, at: number, limit: number): number {
	if (at + 2 > limit) throw new DerError('truncated');
	const tag = b[at]!;
	if ((tag & 0x1f) === 0x1f) throw new DerError('high tag number');
	let p = at + 1;
	const first = b[p++]!;
	let len = first;
	if (first === 0x80) throw new DerError('indefinite length');
	if (first > 0x80) {
		const n = first & 0x7f;
		if (n > 4 || p + n > limit) throw new DerError('bad length');
		len = 0;
		for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
	}
	if (p + len > limit) throw new DerError('length beyond end');
	return p;
}

/** The length of the TLV at `at`, whose header `valueStartAt` has checked. */
export function lengthAt(b: Uint8Array, at: number): number {
	const first = b[at + 1]!;
	if (first < 0x80) return first;
	let len = 0;
	for (let i = 0, n = first & 0x7f; i < n; i++) len = len * 256 + b[at + 2 + i]!;
	return len;
}

/**
 * The elements of a constructed TLV. Counted first, then made into an array of exactly that size: an array grown by
 * `push` from `[]` gets room for 16 elements at its first push (about 150 bytes), and this runs some twenty times
 * per document for two to six elements each.
 */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
	let n = 0;
	for (let p = t.valueStart; p < t.end;) {
		const v = valueStartAt(b, p, t.end);
		p = v + lengthAt(b, p);
		if (++n > 100_000) throw new DerError('too many elements');
	}
	const out = new Array<Tlv>(n);
	for (let i = 0, p = t.valueStart; i < n; i++) {
		const c = readTlv(b, p, t.end);
		out[i] = c;
		p = c.end;
	}
	return out;
}

export const slice = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.start, t.end);
export const value = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.valueStart, t.end);
/**
 * A copy of the element, carved from a shared 64 KB slab when small, as Node pools small Buffers. Every ArrayBuffer of
 * its own is one more for V8 to sweep at the next scavenge: `--trace-gc-nvp` on the warm CMS loop showed
 * `scavenge.sweep_array_buffers` as most of each scavenge's pause (4-11 ms per 1,500 documents at load 8), and a
 * SignerInfo's signed attributes (a few hundred bytes, copied because their first byte is changed) were one of the
 * ArrayBuffers each document made. A copy holds its slab alive, as a pooled Buffer does.
 */
export function copyOf(b: Uint8Array, t: Tlv): Uint8Array {
	const n = t.end - t.start;
	if (n > SLAB_SIZE / 16) return typedSlice.call(b, t.start, t.end); // a Buffer's own `slice` would be a view
	if (slabUsed + n > SLAB_SIZE) {
		slab = new Uint8Array(SLAB_SIZE);
		slabUsed = 0;
	}
	const out = slab.subarray(slabUsed, slabUsed + n);
	out.set(new Uint8Array(b.buffer, b.byteOffset + t.start, n));
	slabUsed += (n + 7) & ~7;
	return out;
}
const typedSlice = Uint8Array.prototype.slice;
const SLAB_SIZE = 64 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

/** OBJECT IDENTIFIER contents (X.690 8.19) as dotted text; DerError when malformed or absurdly long. */
export function oidOf(b: Uint8Array, t: Tlv): string {
	if (t.tag !== 0x06) throw new DerError('not an OBJECT IDENTIFIER');
	return oidAt(b, t.valueStart, t.end);
}

/** oidOf for the OBJECT IDENTIFIER whose contents are b[valueStart, end) (the caller has checked its tag). */
export function oidAt(b: Uint8Array, valueStart: number, end: number): string {
	const len = end - valueStart;
	if (len < 1 || len > 64) throw new DerError('bad OBJECT IDENTIFIER length');
	// The same few OIDs recur in every SignerInfo: remember their text by their encoding (a pure memo, bounded). Found
	// by a number computed from the bytes and confirmed byte by byte: a string key built per call (it was) cost about
	// ten string allocations per OID, ten OIDs per document.
	let h = len;
	for (let p = valueStart; p < end; p++) h = (Math.imul(h, 31) + b[p]!) | 0;
	for (let e: OidEntry | null | undefined = oidMemo.get(h); e; e = e.next)
		if (sameBytes(e.der, b, valueStart, len)) return e.text;
	const text = decodeOid(b, valueStart, end);
	if (oidMemoSize < 4096) {
		oidMemo.set(h, {
			der: new Uint8Array(b.subarray(valueStart, end)),
			text,
			next: oidMemo.get(h) ?? null
		});
		oidMemoSize++;
	}
	return text;
}

interface OidEntry {
	der: Uint8Array;
	text: string;
	next: OidEntry | null;
}
const oidMemo = new Map<number, OidEntry>();
let oidMemoSize = 0;

function sameBytes(a: Uint8Array, b: Uint8Array, at: number, len: number): boolean {
	if (a.length !== len) return false;
	for (let i = 0; i < len; i++) if (a[i] !== b[at + i]) return false;
	return true;
}

function decodeOid(b: Uint8Array, valueStart: number, end: number): string {
	const arcs: number[] = [];
	let v = 0;
	for (let p = valueStart; p < end; p++) {
		const byte = b[p]!;
		if (v === 0 && byte === 0x80) throw new DerError('non-minimal OBJECT IDENTIFIER arc');
		v = v * 128 + (byte & 0x7f);
		if (v > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OBJECT IDENTIFIER arc too large');
		if (!(byte & 0x80)) {
			if (!arcs.length) arcs.push(v < 40 ? 0 : v < 80 ? 1 : 2, v < 80 ? v % 40 : v - 80);
			else arcs.push(v);
			v = 0;
		}
	}
	if (b[end - 1]! & 0x80) throw new DerError('truncated OBJECT IDENTIFIER');
	return arcs.join('.');
}

/** The `n` ASCII digits at `p` as a number, or -1 when any of them is not a digit. */
function digits(b: Uint8Array, p: number, n: number): number {
	let v = 0;
	for (let i = 0; i < n; i++) {
		const d = b[p + i]! - 0x30;
		if (d < 0 || d > 9) return -1;
		v = v * 10 + d;
	}
	return v;
}

/**
 * UTCTime / GeneralizedTime in their DER forms (X.690 11.7-11.8: seconds present, "Z"; UTCTime years 50-99 are
 * 19xx per RFC 5280 4.1.2.5.1), i.e. YYMMDDHHMMSSZ and YYYYMMDDHHMMSS[.f{1,3}]Z. Null for any other form (offsets,
 * missing seconds), which callers hand to asn1js. Digits are read from the bytes: no string, no regular expression
 * (one of these per signature and per certificate read).
 */
export function timeOf(b: Uint8Array, t: Tlv): Date | null {
	const p = t.valueStart;
	const len = t.end - p;
	if (len > 32 || len < 13 || b[t.end - 1] !== 0x5a) return null;
	let year: number;
	let at: number;
	let ms = 0;
	if (t.tag === 0x17) {
		if (len !== 13) return null;
		const yy = digits(b, p, 2);
		if (yy < 0) return null;
		year = yy >= 50 ? 1900 + yy : 2000 + yy;
		at = p + 2;
	} else if (t.tag === 0x18) {
		if (len !== 15 && (len < 17 || len > 19 || b[p + 14] !== 0x2e)) return null;
		year = digits(b, p, 4);
		if (year < 0) return null;
		if (len > 15) {
			const f = digits(b, p + 15, len - 16);
			if (f < 0) return null;
			ms = f * (len === 17 ? 100 : len === 18 ? 10 : 1); // ".5" is 500 ms
		}
		at = p + 4;
	} else return null;
	const month = digits(b, at, 2);
	const day = digits(b, at + 2, 2);
	const hour = digits(b, at + 4, 2);
	const minute = digits(b, at + 6, 2);
	const second = digits(b, at + 8, 2);
	if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
	if (year < 100) return null; // Date.UTC would read 0050 as 1950
	const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
	// Reject out-of-range fields (month 13, second 61) rather than letting Date roll them over.
	if (
		d.getUTCMonth() !== month - 1 ||
		d.getUTCDate() !== day ||
		d.getUTCHours() !== hour ||
		d.getUTCMinutes() !== minute ||
		d.getUTCSeconds() !== second
	)
		return null;
	return d;
}
