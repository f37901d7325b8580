// A signing-event export uploaded on /ky-so/nhap: decoded (UTF-8 with or without BOM, UTF-16 with
// a BOM), then imported all-or-nothing by importSigningEvents with every rejected row reported.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditInput } from '../audit/log';
import { AppError } from '../../errors';
import { importSigningEvents, type EventImportResult } from './events';

export const MAX_EVENT_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The text of an uploaded export, and the encoding it was read in (shown to the user). */
export function decodeExport(bytes: Uint8Array): { text: string; encoding: string } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe)
		return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16 LE' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff)
		return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16 BE' };
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
		return { text, encoding: bom ? 'UTF-8 (BOM)' : 'UTF-8' };
	} catch {
		throw new AppError(
			'IMPORT_FAILED',
			'Tệp không ở mã UTF-8 hoặc UTF-16: hãy xuất lại từ hệ thống nguồn với mã Unicode (UTF-8).'
		);
	}
}

export async function importEventUpload(
	db: Kysely<Database>,
	file: { name: string; bytes: Uint8Array },
	who: Omit<AuditInput, 'action'>
): Promise<EventImportResult & { encoding: string }> {
	if (file.bytes.length === 0) throw new AppError('IMPORT_FAILED', 'Chưa chọn tệp hoặc tệp rỗng.');
	if (file.bytes.length > MAX_EVENT_UPLOAD_BYTES)
		throw new AppError(
			'IMPORT_FAILED',
			'Tệp lớn hơn 20 MB: hãy chia nhỏ hoặc dùng lệnh kiem-ky import events.'
		);
	if (!/\.(csv|jsonl|ndjson|json|txt)$/i.test(file.name))
		throw new AppError('IMPORT_FAILED', 'Chỉ nhận tệp CSV hoặc JSON Lines (.csv, .jsonl).');
	const { text, encoding } = decodeExport(file.bytes);
	const result = await importSigningEvents(db, { name: file.name, text }, who, {
		kind: 'upload',
		fileName: file.name,
		encoding
	});
	return { ...result, encoding };
}
