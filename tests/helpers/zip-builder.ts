// Hand-built ZIP archives for tests (PKWARE APPNOTE 6.3 local headers 4.3.7, central directory 4.3.12, end record
// 4.3.16), honest by default and hostile on request: entries that share one stream, lying sizes, a wrong CRC-32.
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
export function sharedStreamBomb(count: number, size: number): Uint8Array {
	const data = Buffer.alloc(size);
	const body = deflateRawSync(data, { level: 9 });
	const name = Buffer.from('a.cer');
	const crc = crc32(data);
	const lh = Buffer.alloc(30);
	lh.writeUInt32LE(0x04034b50, 0);
	lh.writeUInt16LE(20, 4);
	lh.writeUInt16LE(8, 8);
	lh.writeUInt32LE(crc >>> 0, 14);
	lh.writeUInt32LE(body.length, 18);
	lh.writeUInt32LE(size, 22);
	lh.writeUInt16LE(name.length, 26);
	const central = Array.from({ length: count }, (_, i) =>
		centralHeader(Buffer.from(`${i}.cer`), 8, crc, body.length, size, 0)
	);
	return finish(Buffer.concat([lh, name, body]), central);
}
