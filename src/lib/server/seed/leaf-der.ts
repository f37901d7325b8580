// A fast DER encoder for the demo leaf certificates (RFC 5280 section 4.1): the TBSCertificate is assembled from
// pre-encoded parts (issuer name, public key, fixed extensions) plus the few per-certificate fields, then signed.
// asn1js-based generation costs about 5-10 ms per certificate; this about 0.3 ms plus the RSA signature, which
// is what makes 100,000 certificates (scale 50) feasible. The seeding tests parse every result with the PKI engine.

function len(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
	const body = Buffer.concat(content);
	return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);

export function oid(dotted: string): Buffer {
	const parts = dotted.split('.').map(Number);
	const out: number[] = [40 * parts[0]! + parts[1]!];
	for (const p of parts.slice(2)) {
		const bytes = [p & 0x7f];
		for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
		out.push(...bytes);
	}
	return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
	const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
	return d.getUTCFullYear() < 2050
		? tlv(0x17, Buffer.from(iso.slice(2) + 'Z', 'ascii'))
		: tlv(0x18, Buffer.from(iso + 'Z', 'ascii'));
}

const NAME_ORDER: [string, string, number][] = [
	['c', '2.5.4.6', 0x13],
	['st', '2.5.4.8', 0x0c],
	['l', '2.5.4.7', 0x0c],
	['o', '2.5.4.10', 0x0c],
	['ou', '2.5.4.11', 0x0c],
	['title', '2.5.4.12', 0x0c],
	['cn', '2.5.4.3', 0x0c],
	['uid', '0.9.2342.19200300.100.1.1', 0x0c],
	['email', '1.2.840.113549.1.9.1', 0x16]
];

/** A Name in the order and string types of `vnName` (src/lib/pki/testing/ca.ts). */
export function nameDer(spec: Record<string, string | undefined>): Buffer {
	const full: Record<string, string | undefined> = { c: 'VN', ...spec };
	const rdns: Buffer[] = [];
	for (const [key, id, tag] of NAME_ORDER) {
		const v = full[key];
		if (v) rdns.push(set(seq(oid(id), tlv(tag, Buffer.from(v, 'utf8')))));
	}
	return seq(...rdns);
}

export function integerFromHex(hex: string): Buffer {
	let h = hex.length % 2 ? '0' + hex : hex;
	if (parseInt(h.slice(0, 2), 16) >= 0x80) h = '00' + h;
	return tlv(0x02, Buffer.from(h, 'hex'));
}

export const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

export function extension(id: string, critical: boolean, value: Uint8Array): Buffer {
	return seq(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), tlv(0x04, value));
}

/** subjectAltName with one rfc822Name. */
export function emailSan(email: string): Buffer {
	return extension('2.5.29.17', false, seq(tlv(0x81, Buffer.from(email, 'ascii'))));
}

export interface LeafTbs {
	serialHex: string;
	issuerName: Uint8Array;
	subject: Record<string, string | undefined>;
	notBefore: Date;
	notAfter: Date;
	spki: Uint8Array;
	extensions: Uint8Array[];
}

export function tbsDer(t: LeafTbs): Buffer {
	return seq(
		tlv(0xa0, Buffer.from([0x02, 0x01, 0x02])),
		integerFromHex(t.serialHex),
		SHA256_WITH_RSA,
		Buffer.from(t.issuerName),
		seq(time(t.notBefore), time(t.notAfter)),
		nameDer(t.subject),
		Buffer.from(t.spki),
		tlv(0xa3, seq(...t.extensions))
	);
}

export function certificateDer(tbs: Uint8Array, signature: Uint8Array): Buffer {
	return seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0]), signature));
}
