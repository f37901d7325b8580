// The one door for XLSX files users upload. An .xlsx is a ZIP archive, and exceljs (through JSZip) inflates every
// part into memory without asking how big it will get, so a 40 KB "workbook" can take gigabytes. Every XLSX read
// must go through here:
//
//   await checkXlsxArchive(bytes, { fileName })        // throws AppError IMPORT_FAILED when the archive is hostile
//   const wb = await readXlsxSafely(bytes, { fileName }) // the same check, then an exceljs Workbook
//
// The check reads the archive with the same reader as the certificate import (src/lib/pki/zip-reader.ts), before
// exceljs sees a byte: at most 2 000 parts, 16 MiB uncompressed in total (XLSX_LIMITS), 100:1 compression per
// part and overall beyond 1 MiB, no two parts sharing bytes, the CRC-32 and declared size of every part, no
// encrypted parts, and the parts of a workbook ([Content_Types].xml, xl/workbook.xml). Inflation runs off the
// event loop. Pass `limits` to tighten (or loosen) a cap for one caller. Errors: AppError code IMPORT_FAILED
// (HTTP 400), a Vietnamese message naming the file and the part, `details.reason` the reader's code
// (ZIP_RATIO, ZIP_OVERLAP, …, or XLSX_NOT_WORKBOOK / XLSX_UNREADABLE). What the cells hold (formulas, types) is
// the caller's business.
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import { DEFAULT_ZIP_LIMITS, isZip, quoteName, readZip, type ZipLimits } from '../../pki/zip-reader';
import { refusalAsAppError } from './refused';

/** Tighter than the certificate import's total: exceljs's in-memory model costs about ten times the XML (measured:
 * 11 MB of sheet XML, 50 000 rows, took 4 s and over 100 MB), so 16 MiB of parts is already a large workbook. */
export const XLSX_LIMITS: Readonly<ZipLimits> = Object.freeze({
	...DEFAULT_ZIP_LIMITS,
	maxEntries: 2_000,
	maxTotalBytes: 16 * 1024 * 1024
});

export interface XlsxGuardOptions {
	/** Shown in messages ("Tệp "co-quan.xlsx" bị từ chối: …"). */
	fileName?: string;
	/** Overrides of XLSX_LIMITS for this read. */
	limits?: Partial<ZipLimits>;
}

const REQUIRED_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];

function refuse(reason: string, message: string, fileName?: string): AppError {
	const what = fileName ? `Tệp ${quoteName(fileName)}` : 'Tệp';
	return new AppError('IMPORT_FAILED', `${what} bị từ chối: ${message}.`, {
		reason,
		source: fileName ?? null
	});
}

/** Validates an uploaded .xlsx as an archive before anything inflates it for real; throws AppError. */
export async function checkXlsxArchive(bytes: Uint8Array, options: XlsxGuardOptions = {}): Promise<void> {
	const { fileName } = options;
	if (!isZip(bytes))
		throw refuse('XLSX_NOT_WORKBOOK', 'không phải bảng tính Excel .xlsx (không phải tệp ZIP)', fileName);
	let read;
	try {
		read = await readZip(bytes, { limits: { ...XLSX_LIMITS, ...options.limits }, keepData: false });
	} catch (e) {
		throw refusalAsAppError(e, fileName) ?? e;
	}
	if (read.problems.length) throw refuse('XLSX_UNREADABLE', `phần ${read.problems[0]!}`, fileName);
	const names = new Set(read.names);
	const missing = REQUIRED_PARTS.find((p) => !names.has(p));
	if (missing)
		throw refuse(
			'XLSX_NOT_WORKBOOK',
			`không phải bảng tính Excel .xlsx (thiếu phần ${quoteName(missing)})`,
			fileName
		);
}

/** checkXlsxArchive, then exceljs's reader; a workbook exceljs cannot read is an AppError too, never a 500. */
export async function readXlsxSafely(
	bytes: Uint8Array,
	options: XlsxGuardOptions = {}
): Promise<ExcelJS.Workbook> {
	await checkXlsxArchive(bytes, options);
	const wb = new ExcelJS.Workbook();
	try {
		// exceljs declares `Buffer` but hands the bytes to JSZip, which takes any Uint8Array view.
		await wb.xlsx.load(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer
		);
	} catch (e) {
		throw refuse('XLSX_UNREADABLE', `không đọc được bảng tính (${(e as Error).message})`, options.fileName);
	}
	return wb;
}
