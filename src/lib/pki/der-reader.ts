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
	return { tag, start: at, valueStart: p, end: p + len };
}

export function children(b: Uint8Array, t: Tlv): Tlv[] {
	const out: Tlv[] = [];
	for (let p = t.valueStart; p < t.end;) {
		const c = readTlv(b, p, t.end);
		out.push(c);
		p = c.end;
		if (out.length > 100_000) throw new DerError('too many elements');
	}
	return out;
}

export const slice = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.start, t.end);
export const value = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.valueStart, t.end);

/** OBJECT IDENTIFIER contents (X.690 8.19) as dotted text; DerError when malformed or absurdly long. */
export function oidOf(b: Uint8Array, t: Tlv): string {
	if (t.tag !== 0x06) throw new DerError('not an OBJECT IDENTIFIER');
	const len = t.end - t.valueStart;
	if (len < 1 || len > 64) throw new DerError('bad OBJECT IDENTIFIER length');
	// The same few OIDs recur in every SignerInfo: remember their text by their encoding (a pure memo, bounded).
	const raw = String.fromCharCode.apply(null, b.subarray(t.valueStart, t.end) as unknown as number[]);
	let text = oidMemo.get(raw);
	if (text === undefined) {
		text = decodeOid(b, t);
		if (oidMemo.size < 4096) oidMemo.set(raw, text);
	}
	return text;
}

const oidMemo = new Map<string, string>();

function decodeOid(b: Uint8Array, t: Tlv): string {
	const arcs: number[] = [];
	let v = 0;
	for (let p = t.valueStart; p < t.end; p++) {
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
	if (b[t.end - 1]! & 0x80) throw new DerError('truncated OBJECT IDENTIFIER');
	return arcs.join('.');
}

const UTC_TIME = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d{1,3}))?Z$/;

/**
 * UTCTime / GeneralizedTime in their DER forms (X.690 11.7-11.8: seconds present, "Z"; UTCTime years 50-99 are
 * 19xx per RFC 5280 4.1.2.5.1). Null for any other form (offsets, missing seconds), which callers hand to asn1js.
 */
export function timeOf(b: Uint8Array, t: Tlv): Date | null {
	if (t.end - t.valueStart > 32) return null;
	const s = Buffer.from(b.buffer, b.byteOffset + t.valueStart, t.end - t.valueStart).toString('latin1');
	const m = t.tag === 0x17 ? UTC_TIME.exec(s) : t.tag === 0x18 ? GENERALIZED_TIME.exec(s) : null;
	if (!m) return null;
	const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
	const year = t.tag === 0x17 ? (n[0] >= 50 ? 1900 + n[0] : 2000 + n[0]) : n[0];
	if (year < 100) return null; // Date.UTC would read 0050 as 1950
	const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
	const d = new Date(Date.UTC(year, n[1] - 1, n[2], n[3], n[4], n[5], ms));
	// Reject out-of-range fields (month 13, second 61) rather than letting Date roll them over.
	if (
		d.getUTCMonth() !== n[1] - 1 ||
		d.getUTCDate() !== n[2] ||
		d.getUTCHours() !== n[3] ||
		d.getUTCMinutes() !== n[4] ||
		d.getUTCSeconds() !== n[5]
	)
		return null;
	return d;
}
