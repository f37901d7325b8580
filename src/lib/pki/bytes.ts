// Byte helpers shared by the PKI modules: hex, base64/PEM framing, SHA digests via node:crypto (faster than
// webcrypto for large contents), and safe copies of ArrayBuffer views.
import { createHash } from 'node:crypto';

export type Bytes = Uint8Array;

export const toHex = (b: ArrayBuffer | Uint8Array): string =>
	(b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b)).toString(
		'hex'
	);

export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Node hash names for the digest algorithm OIDs a CMS signature may use. */
export const DIGEST_OIDS: Record<string, string> = {
	'1.3.14.3.2.26': 'sha1',
	'2.16.840.1.101.3.4.2.4': 'sha224',
	'2.16.840.1.101.3.4.2.1': 'sha256',
	'2.16.840.1.101.3.4.2.2': 'sha384',
	'2.16.840.1.101.3.4.2.3': 'sha512',
	'1.2.840.113549.2.5': 'md5'
};
export const DIGEST_OID_BY_NAME: Record<string, string> = Object.fromEntries(
	Object.entries(DIGEST_OIDS).map(([oid, name]) => [name, oid])
);

/** Digest of the concatenation of parts (a PDF ByteRange is two slices) without copying them together. */
export function digest(hash: string, parts: readonly Uint8Array[]): Uint8Array {
	const h = createHash(hash);
	for (const p of parts) h.update(p);
	return new Uint8Array(h.digest());
}

/** An exact ArrayBuffer holding the bytes (asn1js and pkijs want ArrayBuffers, not views). */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
	return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Views, not copies: Buffer.from(view) would copy both sides. */
export const asBuffer = (b: Uint8Array): Buffer =>
	Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	// Buffer.compare takes plain Uint8Arrays: no Buffer view to build (Buffer.from(arrayBuffer) is the costly part).
	if (a.byteLength > 64) return Buffer.compare(a, b) === 0;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false; // digests: cheaper than two Buffer views
	return true;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block in a text, with its label ("CERTIFICATE", "X509 CRL", "PKCS7", …). */
export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
	const out: { label: string; der: Uint8Array }[] = [];
	for (const m of text.matchAll(PEM_RE)) {
		out.push({
			label: m[1] ?? '',
			der: new Uint8Array(Buffer.from((m[2] ?? '').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'))
		});
	}
	return out;
}

export function toPem(der: Uint8Array, label: string): string {
	const b64 = Buffer.from(der)
		.toString('base64')
		.replace(/.{1,64}/g, '$&\n');
	return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** True when the bytes look like text containing a PEM block. */
export function looksLikePem(b: Uint8Array): boolean {
	return Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024)))
		.toString('latin1')
		.includes('-----BEGIN ');
}
