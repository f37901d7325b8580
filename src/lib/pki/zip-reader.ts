// ZIP reader for uploaded archives (certificate bundles, and .xlsx workbooks before exceljs sees them), written
// against PKWARE APPNOTE 6.3: end of central directory 4.3.16, central directory headers 4.3.12, local headers
// 4.3.7. Stored and deflated entries; no ZIP64, no encryption, no multi-disk. An archive is hostile input: every
// cap is checked on the central directory's declared sizes BEFORE anything is inflated (entry count, total size,
// per-entry and whole-archive compression ratio, entries sharing bytes), and inflation then enforces the declared
// size (a stream that aborts past it) and the CRC-32. Inflation runs on libuv's thread pool in chunks, so reading
// a large archive never blocks the event loop (other users' requests keep being served). The directory and the
// checks read the archive through a ZipSource, so a large file on disk (an uploaded spreadsheet) is checked by
// reading only its central directory and local headers, and its entries can then be streamed (indexZip).
import { createInflateRaw, crc32 } from 'node:zlib';
import { formatBytes, quoteName, ZipBudget, ZipError, type ZipLimits } from './zip-limits';

export {
	DEFAULT_ZIP_LIMITS,
	formatBytes,
	quoteName,
	ZipBudget,
	ZipError,
	type ZipErrorCode,
	type ZipLimits
} from './zip-limits';

export interface ZipEntry {
	name: string;
	data: Uint8Array;
}

export interface ReadZipOptions {
	/** Caps for this archive alone; ignored when `budget` is given (the budget carries its own). */
	limits?: Partial<ZipLimits>;
	/** Shared allowance when several archives make up one operation. */
	budget?: ZipBudget;
	/** false: check every entry (sizes, CRC) but keep no data (the XLSX guard). Default true. */
	keepData?: boolean;
}

export function isZip(b: Uint8Array): boolean {
	return (
		b.length >= 4 &&
		b[0] === 0x50 &&
		b[1] === 0x4b &&
		(b[2] === 0x03 || b[2] === 0x05) &&
		(b[3] === 0x04 || b[3] === 0x06)
	);
}

/** Random access to an archive's bytes: in memory, or a file on disk read piece by piece. */
export interface ZipSource {
	readonly size: number;
	/** `length` bytes from `offset` (fewer only past the end). */
	read(offset: number, length: number): Uint8Array;
}

export function bytesSource(b: Uint8Array): ZipSource {
	return { size: b.length, read: (offset, length) => b.subarray(offset, offset + length) };
}

/** An entry whose sizes, range and ratio passed the caps, ready to be read or streamed. */
export interface ZipIndexEntry {
	name: string;
	method: number;
	crc: number;
	compSize: number;
	size: number;
	/** Where the compressed data starts in the archive. */
	start: number;
}

interface CentralEntry {
	name: string;
	flags: number;
	method: number;
	crc: number;
	compSize: number;
	size: number;
	local: number;
	/** Where the compressed data starts (after the local header), once the ranges are checked. */
	start: number;
}

function findEnd(src: ZipSource): { tail: DataView; at: number; base: number } {
	const base = Math.max(0, src.size - 22 - 65535);
	const bytes = src.read(base, src.size - base);
	const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let i = bytes.length - 22; i >= 0; i--)
		if (v.getUint32(i, true) === 0x06054b50) return { tail: v, at: i, base };
	throw new ZipError('ZIP_CORRUPT', 'không tìm thấy mục lục (central directory) của tệp ZIP');
}

function centralDirectory(src: ZipSource, budget: ZipBudget): CentralEntry[] {
	const end = findEnd(src);
	const t = end.tail;
	const disk = t.getUint16(end.at + 4, true);
	const cdDisk = t.getUint16(end.at + 6, true);
	const onDisk = t.getUint16(end.at + 8, true);
	const count = t.getUint16(end.at + 10, true);
	const cdSize = t.getUint32(end.at + 12, true);
	const cdStart = t.getUint32(end.at + 16, true);
	const eocd = end.base + end.at;
	if (count === 0xffff || cdStart === 0xffffffff || cdSize === 0xffffffff)
		throw new ZipError('ZIP_UNSUPPORTED', 'tệp ZIP64 không được hỗ trợ');
	if (disk !== 0 || cdDisk !== 0 || onDisk !== count)
		throw new ZipError('ZIP_UNSUPPORTED', 'tệp ZIP chia nhiều phần không được hỗ trợ');
	// Refused before a single header is read: the count alone says the archive is too big to look at.
	if (count > budget.entriesLeft)
		throw new ZipError(
			'ZIP_TOO_MANY_ENTRIES',
			`tệp ZIP có ${count} mục, vượt giới hạn ${budget.limits.maxEntries} mục` +
				(budget.entriesLeft < budget.limits.maxEntries ? ' (tính cả các tệp nén khác trong lần nhập)' : '')
		);
	if (cdStart + cdSize > eocd) throw new ZipError('ZIP_CORRUPT', 'mục lục ZIP nằm ngoài tệp');
	// Offsets below are relative to the directory's first byte.
	const b = src.read(cdStart, cdSize);
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	const out: CentralEntry[] = [];
	let p = 0;
	for (let n = 0; n < count; n++) {
		if (p + 46 > cdSize || v.getUint32(p, true) !== 0x02014b50)
			throw new ZipError('ZIP_CORRUPT', `mục lục ZIP bị hỏng (mục thứ ${n + 1})`);
		const flags = v.getUint16(p + 8, true);
		const nameLen = v.getUint16(p + 28, true);
		const end = p + 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
		if (end > cdSize) throw new ZipError('ZIP_CORRUPT', `mục lục ZIP bị hỏng (mục thứ ${n + 1})`);
		const entry: CentralEntry = {
			name: Buffer.from(b.subarray(p + 46, p + 46 + nameLen)).toString(flags & 0x800 ? 'utf8' : 'latin1'),
			flags,
			method: v.getUint16(p + 10, true),
			crc: v.getUint32(p + 16, true),
			compSize: v.getUint32(p + 20, true),
			size: v.getUint32(p + 24, true),
			local: v.getUint32(p + 42, true),
			start: -1
		};
		if (entry.compSize === 0xffffffff || entry.size === 0xffffffff || entry.local === 0xffffffff)
			throw new ZipError(
				'ZIP_UNSUPPORTED',
				`mục ${quoteName(entry.name)} dùng ZIP64, không được hỗ trợ`,
				entry.name
			);
		out.push(entry);
		p = end;
	}
	budget.entriesLeft -= count;
	checkRanges(src, out, cdStart);
	return out;
}

/** Every entry's local header and data must lie apart from every other's, before the central directory: two
 * entries sharing one compressed stream is how a few KB become gigabytes without any single entry looking big. */
function checkRanges(src: ZipSource, entries: CentralEntry[], cdStart: number): void {
	const ranges = entries.map((e) => {
		const h = e.local + 30 <= cdStart ? src.read(e.local, 30) : null;
		const v = h && new DataView(h.buffer, h.byteOffset, h.byteLength);
		if (!v || v.getUint32(0, true) !== 0x04034b50)
			throw new ZipError('ZIP_CORRUPT', `mục ${quoteName(e.name)}: phần đầu cục bộ bị hỏng`, e.name);
		const start = e.local + 30 + v.getUint16(26, true) + v.getUint16(28, true);
		const end = start + e.compSize;
		if (end > cdStart)
			throw new ZipError(
				'ZIP_CORRUPT',
				`mục ${quoteName(e.name)}: dữ liệu vượt ra ngoài vùng dữ liệu`,
				e.name
			);
		return { e, from: e.local, start, end };
	});
	const sorted = [...ranges].sort((x, y) => x.from - y.from);
	for (let i = 1; i < sorted.length; i++) {
		const [a, c] = [sorted[i - 1]!, sorted[i]!];
		if (c.from < a.end)
			throw new ZipError(
				'ZIP_OVERLAP',
				`mục ${quoteName(c.e.name)} và mục ${quoteName(a.e.name)} dùng chung dữ liệu (chồng lấn): tệp ZIP bị làm giả`,
				c.e.name
			);
	}
	for (const r of ranges) r.e.start = r.start;
}

/** The caps on declared sizes; the inflater then holds each entry to its declared size. */
function checkSizes(archiveBytes: number, entries: readonly CentralEntry[], budget: ZipBudget): void {
	const { maxRatio, ratioFloor, maxTotalBytes } = budget.limits;
	let total = 0;
	for (const e of entries) {
		if (e.method === 0 && e.compSize !== e.size)
			throw new ZipError(
				'ZIP_SIZE_MISMATCH',
				`mục ${quoteName(e.name)}: kích thước lưu (${e.compSize}) khác kích thước khai báo (${e.size})`,
				e.name
			);
		if (e.size > ratioFloor && e.size > maxRatio * e.compSize)
			throw new ZipError(
				'ZIP_RATIO',
				`mục ${quoteName(e.name)} nén với tỉ lệ ${Math.round(e.size / Math.max(1, e.compSize))}:1 ` +
					`(${formatBytes(e.size)} từ ${formatBytes(e.compSize)}), vượt giới hạn ${maxRatio}:1: nghi là bom nén`,
				e.name
			);
		total += e.size;
		if (total > budget.bytesLeft)
			throw new ZipError(
				'ZIP_TOO_LARGE',
				`đến mục ${quoteName(e.name)}, dung lượng giải nén vượt giới hạn ${formatBytes(maxTotalBytes)}` +
					(budget.bytesLeft < maxTotalBytes ? ' (tính cả các tệp nén khác trong lần nhập)' : ''),
				e.name
			);
	}
	if (total > ratioFloor && total > maxRatio * archiveBytes)
		throw new ZipError(
			'ZIP_RATIO',
			`tệp ZIP giải nén ra ${formatBytes(total)} từ ${formatBytes(archiveBytes)} ` +
				`(tỉ lệ ${Math.round(total / archiveBytes)}:1), vượt giới hạn ${maxRatio}:1: nghi là bom nén`
		);
	budget.bytesLeft -= total;
}

class TooLong extends Error {}

/** Inflates on the thread pool, chunk by chunk, stopping as soon as the output passes the declared size. */
function inflateEntry(
	raw: Uint8Array,
	size: number,
	keep: boolean
): Promise<{ data: Buffer | null; crc: number; length: number }> {
	return new Promise((resolve, reject) => {
		const z = createInflateRaw();
		const chunks: Buffer[] = [];
		let length = 0;
		let crc = 0;
		z.on('data', (c: Buffer) => {
			length += c.length;
			if (length > size) {
				z.destroy();
				reject(new TooLong());
				return;
			}
			crc = crc32(c, crc);
			if (keep) chunks.push(c);
		});
		z.on('error', reject);
		z.on('end', () => resolve({ data: keep ? Buffer.concat(chunks, length) : null, crc, length }));
		z.end(raw);
	});
}

async function readEntry(b: Uint8Array, e: ZipIndexEntry, keep: boolean): Promise<Uint8Array | null> {
	const raw = b.subarray(e.start, e.start + e.compSize);
	let data: Uint8Array | null;
	let crc: number;
	if (e.method === 0) {
		data = raw;
		crc = crc32(raw);
	} else {
		let r;
		try {
			r = await inflateEntry(raw, e.size, keep);
		} catch (err) {
			if (err instanceof TooLong)
				throw new ZipError(
					'ZIP_SIZE_MISMATCH',
					`mục ${quoteName(e.name)} giải nén ra nhiều hơn kích thước khai báo (${formatBytes(e.size)})`,
					e.name
				);
			throw new ZipError(
				'ZIP_CORRUPT',
				`mục ${quoteName(e.name)}: không giải nén được (dữ liệu hỏng)`,
				e.name
			);
		}
		if (r.length !== e.size)
			throw new ZipError(
				'ZIP_SIZE_MISMATCH',
				`mục ${quoteName(e.name)} giải nén ra ${r.length} byte, khác kích thước khai báo (${e.size})`,
				e.name
			);
		data = r.data && new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
		crc = r.crc;
	}
	if (crc >>> 0 !== e.crc >>> 0)
		throw new ZipError(
			'ZIP_CRC',
			`mục ${quoteName(e.name)}: sai mã kiểm tra CRC-32, dữ liệu bị hỏng hoặc đã bị sửa`,
			e.name
		);
	return keep ? data : null;
}

/**
 * The entries of an archive after every cap on its declared sizes passed (count, total, ratios, overlaps), before
 * anything is inflated; encrypted entries and unknown compression methods are listed in `problems` and left out,
 * and so are folders. The caller reads or streams each entry and must hold it to its declared size and CRC-32.
 */
export function indexZip(
	src: ZipSource,
	budget: ZipBudget
): { entries: ZipIndexEntry[]; names: string[]; problems: string[] } {
	const problems: string[] = [];
	const wanted = centralDirectory(src, budget).filter((e) => {
		if (e.name.endsWith('/')) return false;
		if (e.flags & 1) problems.push(`${quoteName(e.name)}: tệp mã hóa, bỏ qua`);
		else if (e.method !== 0 && e.method !== 8)
			problems.push(`${quoteName(e.name)}: phương pháp nén ${e.method} không hỗ trợ, bỏ qua`);
		else return true;
		return false;
	});
	checkSizes(src.size, wanted, budget);
	const entries = wanted.map(({ name, method, crc, compSize, size, start }) => ({
		name,
		method,
		crc,
		compSize,
		size,
		start
	}));
	return { entries, names: entries.map((e) => e.name), problems };
}

/**
 * The files of a ZIP archive. Throws ZipError (a code and a Vietnamese message naming the entry) when the archive
 * breaks a cap or is damaged; encrypted entries and unknown compression methods are skipped and listed in
 * `problems`. Folders are skipped. `names` lists the files read (also when `keepData` is false).
 */
export async function readZip(
	b: Uint8Array,
	options: ReadZipOptions = {}
): Promise<{ entries: ZipEntry[]; names: string[]; problems: string[] }> {
	const budget = options.budget ?? new ZipBudget(options.limits);
	const keep = options.keepData ?? true;
	const index = indexZip(bytesSource(b), budget);
	const entries: ZipEntry[] = [];
	for (const e of index.entries) {
		const data = await readEntry(b, e, keep);
		if (data) entries.push({ name: e.name, data });
	}
	return { entries, names: index.names, problems: index.problems };
}
