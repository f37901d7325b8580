// Minimal ZIP reader (PKWARE APPNOTE 6.3: end of central directory 4.3.16, central directory headers 4.3.12, local
// headers 4.3.7) for certificate bundles: stored and deflated entries, no ZIP64, no encryption; sizes bounded.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	data: Uint8Array;
}

export class ZipError extends Error {}

const MAX_ENTRY = 32 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export function isZip(b: Uint8Array): boolean {
	return (
		b.length >= 4 &&
		b[0] === 0x50 &&
		b[1] === 0x4b &&
		(b[2] === 0x03 || b[2] === 0x05) &&
		(b[3] === 0x04 || b[3] === 0x06)
	);
}

export function readZip(b: Uint8Array): { entries: ZipEntry[]; problems: string[] } {
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	let eocd = -1;
	for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
		if (v.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ZipError('không tìm thấy mục lục của tệp ZIP');
	const count = v.getUint16(eocd + 10, true);
	let p = v.getUint32(eocd + 16, true);
	if (count === 0xffff || p === 0xffffffff) throw new ZipError('tệp ZIP64 không được hỗ trợ');
	const entries: ZipEntry[] = [];
	const problems: string[] = [];
	for (let n = 0; n < Math.min(count, MAX_ENTRIES); n++) {
		if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw new ZipError('mục lục ZIP bị hỏng');
		const flags = v.getUint16(p + 8, true);
		const method = v.getUint16(p + 10, true);
		const compSize = v.getUint32(p + 20, true);
		const size = v.getUint32(p + 24, true);
		const nameLen = v.getUint16(p + 28, true);
		const extraLen = v.getUint16(p + 30, true);
		const commentLen = v.getUint16(p + 32, true);
		const local = v.getUint32(p + 42, true);
		const name = Buffer.from(b.subarray(p + 46, p + 46 + nameLen)).toString(
			flags & 0x800 ? 'utf8' : 'latin1'
		);
		p += 46 + nameLen + extraLen + commentLen;
		if (name.endsWith('/')) continue;
		if (flags & 1) {
			problems.push(`${name}: tệp mã hóa, bỏ qua`);
			continue;
		}
		if (size > MAX_ENTRY || compSize > MAX_ENTRY) {
			problems.push(`${name}: quá lớn, bỏ qua`);
			continue;
		}
		if (local + 30 > b.length || v.getUint32(local, true) !== 0x04034b50) {
			problems.push(`${name}: phần đầu cục bộ bị hỏng`);
			continue;
		}
		const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
		const raw = b.subarray(start, start + compSize);
		if (raw.length !== compSize) {
			problems.push(`${name}: dữ liệu bị cắt cụt`);
			continue;
		}
		try {
			if (method === 0) entries.push({ name, data: raw });
			else if (method === 8)
				entries.push({ name, data: new Uint8Array(inflateRawSync(raw, { maxOutputLength: MAX_ENTRY })) });
			else problems.push(`${name}: phương pháp nén ${method} không hỗ trợ`);
		} catch (e) {
			problems.push(`${name}: không giải nén được (${(e as Error).message})`);
		}
	}
	return { entries, problems };
}
