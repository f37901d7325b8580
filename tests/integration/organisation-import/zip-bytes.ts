// Hand-made ZIP archives (APPNOTE 4.3.7 local headers, 4.3.12 central directory, 4.3.16 end
// record) for the zip-bomb cases: each entry's declared uncompressed size can be set to lie.
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
	name: string;
	data: Uint8Array;
	/** Declared uncompressed size, when it should differ from the real one. */
	declaredSize?: number;
}

export function zipOf(entries: RawEntry[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const packed = deflateRawSync(e.data, { level: 9 });
		const size = e.declaredSize ?? e.data.length;
		const crc = crc32(e.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x800, 6);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(packed.length, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		locals.push(local, name, packed);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x800, 8);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(packed.length, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, name);
		offset += 30 + name.length + packed.length;
	}
	const dir = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(dir.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

const CONTENT_TYPES =
	'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** An archive named like a workbook whose one sheet inflates to `sheetBytes` of spaces. */
export function bombPosingAsXlsx(sheetBytes: number, declaredSize?: number): Uint8Array {
	return zipOf([
		{ name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
		{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(sheetBytes, 0x20), declaredSize }
	]);
}
