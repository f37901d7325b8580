// An export already on disk (the command line, the benchmark): its format from its name and first
// bytes, and for text its encoding, checked over the whole file as the upload checks it on the way in.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { detectEncoding, type EncodingGuess } from '../readers/encoding-detection';
import { openXlsx } from '../readers/xlsx-stream';
import { exportFormat } from './receive';
import type { ExportFile } from './file-shape';

const SAMPLE_BYTES = 256 * 1024;

/** One buffer read into again and again: a large file's check allocates nothing per chunk. */
async function wholeFileIsUtf8(file: string): Promise<boolean> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const handle = await open(file, 'r');
	const buf = Buffer.alloc(1024 * 1024);
	try {
		for (;;) {
			const { bytesRead } = await handle.read(buf, 0, buf.length, null);
			if (bytesRead === 0) break;
			decoder.decode(buf.subarray(0, bytesRead), { stream: true });
		}
		decoder.decode();
		return true;
	} catch {
		return false;
	} finally {
		await handle.close();
	}
}

/** Throws AppError IMPORT_FAILED when the file is not an export the import reads. */
export async function exportFileOnDisk(
	file: string
): Promise<ExportFile & { encoding: EncodingGuess | null }> {
	const fileName = path.basename(file);
	const handle = await open(file, 'r');
	let sample: Uint8Array;
	try {
		const buf = Buffer.alloc(SAMPLE_BYTES);
		const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, 0);
		sample = buf.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
	const format = exportFormat({ fileName, contentType: '' }, sample);
	if (format === 'xlsx') {
		await openXlsx(file, fileName);
		return { path: file, fileName, format, detected: null, encoding: null };
	}
	const encoding = detectEncoding(sample, await wholeFileIsUtf8(file));
	return { path: file, fileName, format, detected: encoding.encoding, encoding };
}
