// Hand-built archives and bundles for tests and `npm run bench -- hostile`: ZIP (PKWARE APPNOTE 6.3 local headers
// 4.3.7, central directory 4.3.12, end record 4.3.16), honest by default and hostile on request (entries that share
// one stream, lying sizes, a wrong CRC-32), and .p7b bundles that may repeat one certificate any number of times.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipSpec {
	name: string;
	data: Uint8Array;
	/** Deflate (method 8) instead of storing (method 0). Default true. */
	deflate?: boolean;
	/** Overrides of what the central directory declares. */
	crc?: number;
	size?: number;
}

/** A ZIP as archivers write it (CRC, sizes, UTF-8 names), with optional lies in the central directory. */
export function buildZip(entries: readonly ZipSpec[]): Uint8Array {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const deflate = e.deflate ?? true;
		const body = deflate ? deflateRawSync(e.data) : Buffer.from(e.data);
		const name = Buffer.from(e.name, 'utf8');
		const crc = e.crc ?? crc32(e.data);
		const size = e.size ?? e.data.length;
		const lh = Buffer.alloc(30);
		lh.writeUInt32LE(0x04034b50, 0);
		lh.writeUInt16LE(20, 4);
		lh.writeUInt16LE(0x800, 6);
		lh.writeUInt16LE(deflate ? 8 : 0, 8);
		lh.writeUInt32LE(crc >>> 0, 14);
		lh.writeUInt32LE(body.length, 18);
		lh.writeUInt32LE(size, 22);
		lh.writeUInt16LE(name.length, 26);
		central.push(centralHeader(name, deflate ? 8 : 0, crc, body.length, size, offset));
		locals.push(lh, name, body);
		offset += 30 + name.length + body.length;
	}
	return finish(Buffer.concat(locals), central);
}

export function centralHeader(
	name: Buffer,
	method: number,
	crc: number,
	compSize: number,
	size: number,
	localOffset: number
): Buffer {
	const ch = Buffer.alloc(46);
	ch.writeUInt32LE(0x02014b50, 0);
	ch.writeUInt16LE(20, 4);
	ch.writeUInt16LE(20, 6);
	ch.writeUInt16LE(0x800, 8);
	ch.writeUInt16LE(method, 10);
	ch.writeUInt32LE(crc >>> 0, 16);
	ch.writeUInt32LE(compSize, 20);
	ch.writeUInt32LE(size, 24);
	ch.writeUInt16LE(name.length, 28);
	ch.writeUInt32LE(localOffset, 42);
	return Buffer.concat([ch, name]);
}

/** Local data followed by the given central directory records and the end record. */
export function finish(data: Buffer, central: Buffer[]): Uint8Array {
	const cd = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(central.length, 8);
	end.writeUInt16LE(central.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(data.length, 16);
	return new Uint8Array(Buffer.concat([data, cd, end]));
}

/**
 * The probe's bomb: one deflated stream of `size` zero bytes and `count` central directory entries that all
 * point at its single local header (each entry alone looks modest; together they inflate `count` times).
 */
export function sharedStreamBomb(
	count: number,
	size: number,
	names: (i: number) => string = (i) => `${i}.cer`
): Uint8Array {
	const data = Buffer.alloc(size);
	const body = deflateRawSync(data, { level: 9 });
	const name = Buffer.from(names(0), 'utf8');
	const crc = crc32(data);
	const lh = Buffer.alloc(30);
	lh.writeUInt32LE(0x04034b50, 0);
	lh.writeUInt16LE(20, 4);
	lh.writeUInt16LE(0x800, 6);
	lh.writeUInt16LE(8, 8);
	lh.writeUInt32LE(crc >>> 0, 14);
	lh.writeUInt32LE(body.length, 18);
	lh.writeUInt32LE(size, 22);
	lh.writeUInt16LE(name.length, 26);
	const central = Array.from({ length: count }, (_, i) =>
		centralHeader(Buffer.from(names(i), 'utf8'), 8, crc, body.length, size, 0)
	);
	return finish(Buffer.concat([lh, name, body]), central);
}

/** Parts of an .xlsx, for a bomb that names itself a workbook. */
export const XLSX_PARTS = [
	'[Content_Types].xml',
	'_rels/.rels',
	'xl/workbook.xml',
	'xl/_rels/workbook.xml.rels',
	'xl/styles.xml',
	'xl/sharedStrings.xml'
];
export const xlsxPartName = (i: number): string =>
	XLSX_PARTS[i] ?? `xl/worksheets/sheet${i - XLSX_PARTS.length + 1}.xml`;

/** One entry of `size` zero bytes: about 1000:1, the classic single-file bomb. */
export const highRatioZip = (size: number, name = 'bomb.cer'): Uint8Array =>
	buildZip([{ name, data: Buffer.alloc(size) }]);

/**
 * Two entries whose bytes overlap without sharing an offset: the second entry's local header and data lie inside
 * the first (stored) entry's data, so inflating both reads those bytes twice (Fifield's "quoted overlap").
 */
export function overlappingZip(inner: Uint8Array, innerName = 'b.cer', outerName = 'a.bin'): Uint8Array {
	const quoted = Buffer.from(buildZip([{ name: innerName, data: inner }]));
	const localLen = 30 + Buffer.byteLength(innerName) + deflateRawSync(inner).length;
	const payload = quoted.subarray(0, localLen);
	const outer = Buffer.from(outerName, 'utf8');
	const lh = Buffer.alloc(30);
	lh.writeUInt32LE(0x04034b50, 0);
	lh.writeUInt16LE(20, 4);
	lh.writeUInt16LE(0x800, 6);
	lh.writeUInt32LE(crc32(payload) >>> 0, 14);
	lh.writeUInt32LE(payload.length, 18);
	lh.writeUInt32LE(payload.length, 22);
	lh.writeUInt16LE(outer.length, 26);
	const innerBody = deflateRawSync(inner);
	return finish(Buffer.concat([lh, outer, payload]), [
		centralHeader(outer, 0, crc32(payload), payload.length, payload.length, 0),
		centralHeader(
			Buffer.from(innerName, 'utf8'),
			8,
			crc32(inner),
			innerBody.length,
			inner.length,
			30 + outer.length
		)
	]);
}

/** DER TLV with a definite length (X.690 8.1.3). */
function tlv(tag: number, content: Uint8Array): Buffer {
	const n = content.length;
	const len =
		n < 0x80
			? Buffer.from([n])
			: (() => {
					const bytes: number[] = [];
					for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
					return Buffer.from([0x80 | bytes.length, ...bytes]);
				})();
	return Buffer.concat([Buffer.from([tag]), len, content]);
}

/**
 * A degenerate PKCS#7 bundle (.p7b, RFC 5652 5.1: SignedData with certificates and CRLs, no signers), written
 * byte by byte so a test can repeat one certificate thousands of times, as `openssl crl2pkcs7` would never do.
 */
export function buildP7b(certs: readonly Uint8Array[], crls: readonly Uint8Array[] = []): Uint8Array {
	const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
	const signedData = tlv(
		0x30,
		Buffer.concat([
			tlv(0x02, Buffer.from([1])), // version
			tlv(0x31, Buffer.alloc(0)), // digestAlgorithms
			tlv(0x30, oid('2a864886f70d010701')), // encapContentInfo: id-data, no content
			tlv(0xa0, Buffer.concat(certs)),
			...(crls.length ? [tlv(0xa1, Buffer.concat(crls))] : []),
			tlv(0x31, Buffer.alloc(0)) // signerInfos
		])
	);
	return new Uint8Array(tlv(0x30, Buffer.concat([oid('2a864886f70d010702'), tlv(0xa0, signedData)])));
}
