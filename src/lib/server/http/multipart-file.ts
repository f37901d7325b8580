// A multipart/form-data upload streamed to disk (RFC 7578 on RFC 2046's multipart syntax): the
// file part's bytes go to a file as they arrive, counted against a cap, so a large export never
// sits in memory and an oversized one is refused as soon as it passes the cap (or at once, when
// its Content-Length already says so). Other fields are kept as short texts.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { AppError } from '../../errors';

export interface ReceivedFile {
	fileName: string;
	/** The part's Content-Type as the browser sent it ('' when none). */
	contentType: string;
	size: number;
	path: string;
}

export interface MultipartUpload {
	file: ReceivedFile | null;
	fields: Record<string, string>;
}

export interface ReceiveOptions {
	/** The name of the file field. */
	field: string;
	/** Where its bytes go. */
	path: string;
	maxBytes: number;
	/** Sees every byte of the file as it is written (for checks made on the way in). */
	onChunk?: (chunk: Uint8Array) => void;
}

const MAX_HEADER = 16 * 1024;
const MAX_FIELD = 64 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n');

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function tooLargeError(maxBytes: number): AppError {
	return new AppError(
		'IMPORT_FAILED',
		`Tệp lớn hơn ${mb(maxBytes)}: hãy chia thành nhiều tệp nhỏ hơn, hoặc nhập trên máy chủ bằng lệnh kiem-ky import events.`,
		{ reason: 'TOO_LARGE', maxBytes }
	);
}

function boundaryOf(contentType: string | null): string {
	const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	const b = m?.[1] ?? m?.[2];
	if (!b || b.length > 70)
		throw new AppError('INVALID_INPUT', 'Biểu mẫu tải tệp phải được gửi dưới dạng multipart/form-data.');
	return b;
}

function parsePartHeaders(raw: string): {
	name: string | null;
	fileName: string | null;
	contentType: string;
} {
	let name: string | null = null;
	let fileName: string | null = null;
	let contentType = '';
	for (const line of raw.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const key = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (key === 'content-type') contentType = value.toLowerCase();
		if (key !== 'content-disposition') continue;
		name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? null;
		const star = /\bfilename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
		if (star) {
			try {
				fileName = decodeURIComponent(star);
			} catch {
				fileName = star;
			}
		} else fileName = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
	}
	return { name, fileName: fileName && (fileName.split(/[\\/]/).pop() ?? fileName), contentType };
}

/** Reads the request's multipart body, writing the `field` file to `options.path`; throws AppError. */
export async function receiveMultipartFile(
	request: Request,
	options: ReceiveOptions
): Promise<MultipartUpload> {
	const boundary = boundaryOf(request.headers.get('content-type'));
	const declared = Number(request.headers.get('content-length'));
	// The form's few other bytes aside, a body this long holds a file over the cap: refused unread.
	if (Number.isFinite(declared) && declared > options.maxBytes + 64 * 1024)
		throw tooLargeError(options.maxBytes);
	if (!request.body) throw new AppError('INVALID_INPUT', 'Chưa chọn tệp hoặc tệp rỗng.');
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const out: MultipartUpload = { file: null, fields: {} };
	const reader = request.body.getReader();
	let sink: ReturnType<typeof createWriteStream> | null = null;
	let field: { name: string; chunks: Buffer[]; size: number } | null = null;
	let state: 'preamble' | 'headers' | 'body' | 'after' | 'done' = 'preamble';
	// The body starts with the delimiter without its CRLF: one is put in front so every delimiter looks alike.
	let buf: Buffer = Buffer.from('\r\n');

	const emit = async (bytes: Buffer) => {
		if (!bytes.length) return;
		if (sink && out.file) {
			out.file.size += bytes.length;
			if (out.file.size > options.maxBytes) throw tooLargeError(options.maxBytes);
			options.onChunk?.(bytes);
			if (!sink.write(bytes)) await once(sink, 'drain');
		} else if (field) {
			field.size += bytes.length;
			if (field.size > MAX_FIELD) throw new AppError('INVALID_INPUT', 'Một trường của biểu mẫu quá dài.');
			field.chunks.push(bytes);
		}
	};
	const endPart = async () => {
		if (sink) {
			sink.end();
			await once(sink, 'finish');
			sink = null;
		}
		if (field) out.fields[field.name] = Buffer.concat(field.chunks).toString('utf8');
		field = null;
	};

	try {
		for (;;) {
			let chunk: Uint8Array | undefined;
			let done = false;
			try {
				({ value: chunk, done } = await reader.read());
			} catch (e) {
				// adapter-node refuses a body past BODY_SIZE_LIMIT while it is read.
				if ((e as { status?: number }).status === 413)
					throw tooLargeError(Math.min(options.maxBytes, declared || options.maxBytes));
				throw new AppError('INVALID_INPUT', 'Không nhận được trọn tệp tải lên (kết nối bị ngắt).');
			}
			if (chunk) buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
			for (let progressed = true; progressed && state !== 'done';) {
				progressed = false;
				if (state === 'preamble' || state === 'body') {
					const at = buf.indexOf(delimiter);
					if (at < 0) {
						// Keep what could be the start of a delimiter; the rest is the part's.
						const keep = Math.min(buf.length, delimiter.length - 1);
						if (state === 'body') await emit(buf.subarray(0, buf.length - keep));
						buf = buf.subarray(buf.length - keep);
						break;
					}
					if (state === 'body') {
						await emit(buf.subarray(0, at));
						await endPart();
					}
					buf = buf.subarray(at + delimiter.length);
					state = 'after';
					progressed = true;
				} else if (state === 'after') {
					if (buf.length < 2) break;
					if (buf[0] === 0x2d && buf[1] === 0x2d) state = 'done';
					else {
						const nl = buf.indexOf('\r\n');
						if (nl < 0) break;
						buf = buf.subarray(nl + 2);
						state = 'headers';
						progressed = true;
					}
				} else if (state === 'headers') {
					const end = buf.indexOf(CRLF2);
					if (end < 0) {
						if (buf.length > MAX_HEADER)
							throw new AppError('INVALID_INPUT', 'Phần đầu của tệp tải lên quá dài.');
						break;
					}
					const h = parsePartHeaders(buf.subarray(0, end).toString('utf8'));
					buf = buf.subarray(end + 4);
					if (h.name === options.field && h.fileName !== null && !out.file) {
						out.file = { fileName: h.fileName, contentType: h.contentType, size: 0, path: options.path };
						sink = createWriteStream(options.path);
					} else if (h.name && h.fileName === null) field = { name: h.name, chunks: [], size: 0 };
					state = 'body';
					progressed = true;
				}
			}
			if (done || state === 'done') break;
		}
		if (state !== 'done')
			throw new AppError('INVALID_INPUT', 'Không nhận được trọn tệp tải lên (kết nối bị ngắt).');
		return out;
	} catch (e) {
		await reader.cancel().catch(() => undefined);
		const open = sink as ReturnType<typeof createWriteStream> | null;
		if (open) {
			// The file may still be opening: wait until it is closed, or the removal could come first.
			const closed = once(open, 'close').catch(() => undefined);
			open.destroy();
			await closed;
		}
		await rm(options.path, { force: true });
		throw e;
	} finally {
		reader.releaseLock();
	}
}
