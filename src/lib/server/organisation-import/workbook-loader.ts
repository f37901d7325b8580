// The one place where uploaded bytes become an exceljs workbook. exceljs (through JSZip) inflates
// every entry of the archive into memory, so the archive is checked first: the file's size, then the
// shared XLSX guard (src/lib/server/import/xlsx-guard.ts: entry count, total size, ratio, overlaps,
// CRC, inflated off the event loop), then, within those bounds, the ranges exceljs would expand cell
// by cell (data validation, merged cells), which the shared guard does not look at.
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../errors';
import { checkXlsxArchive as checkXlsxArchiveShared } from '../import/xlsx-guard';

const MB = 1024 * 1024;
/** Default cap on an uploaded workbook; KIEMKY_IMPORT_MAX_MB overrides it. */
export const DEFAULT_MAX_XLSX_MB = 20;
const MAX_ENTRIES = 2000;
const MAX_TOTAL_UNCOMPRESSED = 256 * MB;
/** Spreadsheet XML compresses well, a bomb far better: above this ratio a large entry is refused. */
const MAX_RATIO = 200;
/**
 * exceljs expands every cell of a data-validation range and of a merged range into objects, so a
 * validation over a whole sheet (17 billion cells) would hang the reader: cells over these are refused.
 * Whole-column lists (about a million cells) stay possible.
 */
const MAX_VALIDATION_CELLS = 4_000_000;
const MAX_MERGED_CELLS = 100_000;

export function maxXlsxBytes(env: NodeJS.ProcessEnv = process.env): number {
	const mb = Number(env.KIEMKY_IMPORT_MAX_MB);
	return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_XLSX_MB) * MB;
}

const refuse = (message: string) => new AppError('INVALID_INPUT', message);

/** Refuses a file by its size alone, before any byte of it is read. */
export function checkXlsxSize(bytes: number, cap = maxXlsxBytes()): void {
	if (bytes > cap)
		throw refuse(
			`Tệp quá lớn (${(bytes / MB).toFixed(1)} MB); giới hạn là ${Math.round(cap / MB)} MB. Hãy chia thành nhiều tệp.`
		);
}

interface CentralEntry {
	name: string;
	method: number;
	compressed: number;
	uncompressed: number;
	localOffset: number;
}

function centralDirectory(b: Uint8Array): CentralEntry[] {
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	let eocd = -1;
	for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--)
		if (v.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	if (eocd < 0) throw refuse('Tệp không phải bảng tính .xlsx (không đọc được cấu trúc nén).');
	const count = v.getUint16(eocd + 10, true);
	let p = v.getUint32(eocd + 16, true);
	if (count === 0xffff || p === 0xffffffff) throw refuse('Tệp .xlsx dạng ZIP64 không được hỗ trợ.');
	if (count > MAX_ENTRIES) throw refuse(`Tệp .xlsx có quá nhiều thành phần (${count}).`);
	const out: CentralEntry[] = [];
	for (let n = 0; n < count; n++) {
		if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50)
			throw refuse('Tệp .xlsx bị hỏng (mục lục nén không hợp lệ).');
		const nameLen = v.getUint16(p + 28, true);
		out.push({
			name: Buffer.from(b.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
			method: v.getUint16(p + 10, true),
			compressed: v.getUint32(p + 20, true),
			uncompressed: v.getUint32(p + 24, true),
			localOffset: v.getUint32(p + 42, true)
		});
		p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
	}
	return out;
}

/** Declared sizes first (cheap), then each entry inflated with a ceiling at its declared size. */
export function checkXlsxArchive(b: Uint8Array): void {
	const isZip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
	if (!isZip) throw refuse('Tệp không phải bảng tính .xlsx.');
	const entries = centralDirectory(b);
	const bomb = () => refuse('Tệp .xlsx có nội dung nén bất thường (nghi "bom nén"); không đọc.');
	let total = 0;
	for (const e of entries) {
		total += e.uncompressed;
		if (total > MAX_TOTAL_UNCOMPRESSED) throw bomb();
		if (e.uncompressed > MB && e.uncompressed > MAX_RATIO * Math.max(e.compressed, 1)) throw bomb();
	}
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	for (const e of entries) {
		if (e.name.endsWith('/')) continue;
		if (e.localOffset + 30 > b.length || v.getUint32(e.localOffset, true) !== 0x04034b50)
			throw refuse('Tệp .xlsx bị hỏng.');
		const start =
			e.localOffset + 30 + v.getUint16(e.localOffset + 26, true) + v.getUint16(e.localOffset + 28, true);
		const raw = b.subarray(start, start + e.compressed);
		const data = inflated(e, raw, bomb);
		if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name))
			checkExpandedRanges(Buffer.from(data).toString('latin1'));
	}
}

/** An entry's content, refused when it differs in size from what the central directory declares. */
function inflated(e: CentralEntry, raw: Uint8Array, bomb: () => AppError): Uint8Array {
	if (e.method === 0) {
		if (raw.length !== e.uncompressed) throw bomb();
		return raw;
	}
	if (e.method !== 8) throw refuse(`Tệp .xlsx dùng kiểu nén không hỗ trợ (${e.method}).`);
	let out: Buffer;
	try {
		out = inflateRawSync(raw, { maxOutputLength: Math.max(e.uncompressed, 1) });
	} catch (err) {
		if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
		throw refuse('Tệp .xlsx bị hỏng (không giải nén được).');
	}
	if (out.length !== e.uncompressed) throw bomb();
	return out;
}

/** Number of cells of an A1 range ("B2:D10", "C5"). */
function rangeCells(ref: string): number {
	const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
	if (!m) return 1;
	const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
	if (!m[3]) return 1;
	return (Math.abs(col(m[3]) - col(m[1]!)) + 1) * (Math.abs(Number(m[4]) - Number(m[2])) + 1);
}

function checkExpandedRanges(xml: string): void {
	let validation = 0;
	for (const m of xml.matchAll(/<(?:\w+:)?dataValidation\b[^>]*\bsqref="([^"]*)"/g))
		for (const ref of m[1]!.split(/\s+/)) validation += rangeCells(ref);
	let merged = 0;
	for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]*)"/g)) merged += rangeCells(m[1]!);
	if (validation > MAX_VALIDATION_CELLS || merged > MAX_MERGED_CELLS)
		throw refuse(
			'Bảng tính áp quy tắc nhập liệu hoặc gộp ô trên vùng quá lớn; hãy xóa quy tắc (Data Validation) hoặc bỏ gộp ô rồi lưu lại.'
		);
}

export async function loadWorkbook(bytes: Uint8Array, fileName?: string): Promise<ExcelJS.Workbook> {
	checkXlsxSize(bytes.byteLength);
	await checkXlsxArchiveShared(bytes, { fileName });
	checkXlsxArchive(bytes);
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
	} catch {
		throw refuse('Không đọc được bảng tính: tệp hỏng hoặc không phải định dạng .xlsx.');
	}
	return wb;
}
