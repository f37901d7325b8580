// Step 1 of /ky-so/nhap: the uploaded export is streamed to the staging directory, checked while it
// arrives (its size against the cap, whether all of it is UTF-8, its first bytes kept for the
// encoding and format checks), and refused with a Vietnamese reason when it is not an export this
// page reads: another kind of file, an extension that lies about the content, an old .xls, a
// binary file, an empty one, one over the size cap. Nothing reaches the database here.
import { AppError } from '../../../errors';
import { quoteName } from '../../../pki/zip-reader';
import { receiveMultipartFile, type ReceivedFile } from '../../http/multipart-file';
import { detectEncoding } from '../readers/encoding-detection';
import { openXlsx } from '../readers/xlsx-stream';
import type { ExportFormat } from '../readers/table-rows';
import {
	dataPath,
	ensureStagingDir,
	newToken,
	saveStaged,
	sweepStaged,
	discardStaged,
	type StagedUpload
} from './staging';

/** The largest export the page takes (the CLI takes any size). */
export const MAX_EVENT_UPLOAD_BYTES = 100 * 1024 * 1024;
const SAMPLE_BYTES = 256 * 1024;
/** What a multipart body carries besides the file (boundaries, part headers, the form's other fields). */
const FORM_OVERHEAD = 16 * 1024;

/**
 * The largest file the page takes: MAX_EVENT_UPLOAD_BYTES, or less when the server's own request limit
 * (adapter-node's BODY_SIZE_LIMIT: bytes, or with K, M, G) is lower.
 */
export function uploadLimit(env: NodeJS.ProcessEnv = process.env): number {
	const m = /^(\d+)([KMG]?)$/i.exec(env.BODY_SIZE_LIMIT ?? '');
	if (!m) return MAX_EVENT_UPLOAD_BYTES;
	const body = Number(m[1]) * ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase()] ?? 1);
	return Math.max(0, Math.min(MAX_EVENT_UPLOAD_BYTES, body - FORM_OVERHEAD));
}

const EXTENSIONS: Record<string, ExportFormat> = {
	csv: 'csv',
	txt: 'csv',
	tsv: 'csv',
	xlsx: 'xlsx',
	jsonl: 'jsonl',
	ndjson: 'jsonl',
	json: 'jsonl'
};

/** Content types browsers send for each format (Windows sends application/vnd.ms-excel for .csv). */
const CONTENT_TYPES: Record<ExportFormat, RegExp> = {
	csv: /^(text\/.*|application\/(vnd\.ms-excel|csv|x-csv|octet-stream))$/,
	xlsx: /^application\/(vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|octet-stream|zip|x-zip-compressed)$/,
	jsonl: /^(text\/.*|application\/(json|x-ndjson|jsonl|jsonlines|x-jsonlines|octet-stream))$/
};

const refuse = (fileName: string, why: string, reason: string) =>
	new AppError('IMPORT_FAILED', `Tệp ${quoteName(fileName)} bị từ chối: ${why}.`, { reason });

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The format of a received file from its extension, its declared type and its first bytes; throws AppError. */
export function exportFormat(
	file: Pick<ReceivedFile, 'fileName' | 'contentType'>,
	sample: Uint8Array
): ExportFormat {
	const ext = /\.([a-z0-9]+)$/i.exec(file.fileName)?.[1]?.toLowerCase() ?? '';
	const zip = startsWith(sample, [0x50, 0x4b, 0x03, 0x04]);
	if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0]) || ext === 'xls')
		throw refuse(
			file.fileName,
			'bảng tính Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở bằng Excel, chọn Lưu thành (Save As) .xlsx hoặc CSV UTF-8 rồi tải lên lại',
			'XLS_UNSUPPORTED'
		);
	const format = EXTENSIONS[ext];
	if (!format)
		throw refuse(
			file.fileName,
			'chỉ nhận tệp CSV (.csv), bảng tính Excel (.xlsx) hoặc JSON Lines (.jsonl)',
			'WRONG_EXTENSION'
		);
	const type = file.contentType.split(';')[0]!.trim();
	if (type && !CONTENT_TYPES[format].test(type))
		throw refuse(
			file.fileName,
			`trình duyệt gửi tệp với kiểu nội dung "${type.slice(0, 80)}", không phải ${format === 'xlsx' ? 'bảng tính Excel' : format === 'csv' ? 'CSV' : 'JSON Lines'}`,
			'WRONG_CONTENT_TYPE'
		);
	if (format === 'xlsx' && !zip)
		throw refuse(
			file.fileName,
			'không phải bảng tính Excel .xlsx (nội dung không phải tệp ZIP)',
			'XLSX_NOT_WORKBOOK'
		);
	if (format !== 'xlsx' && zip)
		throw refuse(
			file.fileName,
			`nội dung là tệp nén ZIP, không phải ${format === 'csv' ? 'CSV' : 'JSON Lines'} (nếu là bảng tính Excel, hãy đặt đuôi .xlsx)`,
			'ZIP_AS_TEXT'
		);
	return format;
}

/** Receives the upload of `request` (field "file") into `dir`; returns the staged upload or throws AppError. */
export async function receiveEventUpload(
	request: Request,
	dir: string,
	userId: number | null,
	maxBytes = uploadLimit()
): Promise<StagedUpload> {
	await ensureStagingDir(dir);
	await sweepStaged(dir);
	const token = newToken();
	const sample = new Uint8Array(SAMPLE_BYTES);
	let sampled = 0;
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	let utf8Valid = true;
	const received = await receiveMultipartFile(request, {
		field: 'file',
		path: dataPath(dir, token),
		maxBytes,
		onChunk(chunk) {
			if (sampled < SAMPLE_BYTES) {
				const n = Math.min(chunk.length, SAMPLE_BYTES - sampled);
				sample.set(chunk.subarray(0, n), sampled);
				sampled += n;
			}
			if (!utf8Valid) return;
			try {
				utf8.decode(chunk, { stream: true });
			} catch {
				utf8Valid = false;
			}
		}
	});
	const file = received.file;
	try {
		if (!file || file.size === 0) throw new AppError('IMPORT_FAILED', 'Chưa chọn tệp hoặc tệp rỗng.');
		if (utf8Valid)
			try {
				utf8.decode();
			} catch {
				utf8Valid = false;
			}
		const head = sample.subarray(0, sampled);
		const format = exportFormat(file, head);
		// A workbook's archive is checked now (its central directory only): a zip bomb is refused at the upload.
		if (format === 'xlsx') await openXlsx(dataPath(dir, token), file.fileName);
		const encoding = format === 'xlsx' ? null : detectEncoding(head, utf8Valid);
		if (encoding && !encoding.encoding.startsWith('utf-16') && head.includes(0))
			throw refuse(
				file.fileName,
				'không phải tệp văn bản (có byte NUL): có phải tệp bị hỏng hoặc sai định dạng?',
				'BINARY'
			);
		const staged: StagedUpload = {
			token,
			userId,
			fileName: file.fileName.slice(0, 255),
			size: file.size,
			contentType: file.contentType,
			format,
			createdAt: new Date().toISOString(),
			encoding
		};
		await saveStaged(dir, staged);
		return staged;
	} catch (e) {
		await discardStaged(dir, token);
		throw e;
	}
}
