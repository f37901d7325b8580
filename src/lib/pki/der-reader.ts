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
	for (let p = t.valueStart; p < t.end; ) {
		const c = readTlv(b, p, t.end);
		out.push(c);
		p = c.end;
		if (out.length > 100_000) throw new DerError('too many elements');
	}
	return out;
}

export const slice = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.start, t.end);
export const value = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.valueStart, t.end);
