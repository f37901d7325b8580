// `kiem-ky import events FILE [--mode valid-rows] [--encoding E] [--source-system S] [--channel C]
// [--sheet NAME]`: a document system's export of signing events (CSV, XLSX or JSON Lines), read by
// the same streaming readers, column mapping and ingestion pipeline as the upload page, with the
// progress on stderr and the counts and rejected rows on stdout.
import { stat } from 'node:fs/promises';
import { EXIT } from './command';
import { parseCliArgs, UsageError } from './args';
import { openDatabaseFromEnv, type DbHandle } from '../lib/server/db/connection';
import type { AuditInput } from '../lib/server/audit/log';
import { ingestSigningEvents } from '../lib/server/import/event-ingest';
import { ENCODING_LABELS, isTextEncoding, TEXT_ENCODINGS } from '../lib/server/import/readers/decoder';
import { toRecords } from '../lib/server/import/mapping/event-records';
import { exportFileOnDisk } from '../lib/server/import/event-upload/disk-file';
import { readFileShape } from '../lib/server/import/event-upload/file-shape';
import { FIELD_LABELS } from '../lib/import/event-fields';
import { isAppError } from '../lib/errors';

export const EVENTS_USAGE = `  kiem-ky import events [--mode valid-rows] [--encoding E] [--source-system S] [--channel C] [--sheet TÊN] FILE
      Nhập sự kiện ký số từ tệp xuất của hệ thống văn bản: CSV (UTF-8, UTF-16, Windows-1258, TCVN3: tự nhận,
      --encoding ${TEXT_ENCODINGS.join('|')} để chọn), bảng tính .xlsx (trang đầu hoặc --sheet) hoặc JSON Lines.
      Tiêu đề cột tiếng Việt được nhận ra tự động; cách gán cột đã lưu cho hệ thống nguồn (trang /ky-so/nhap) được dùng.
      --source-system S: hệ thống nguồn cho cả tệp (khi tệp không có cột này); --channel: kênh cho cả tệp.
      Mặc định có dòng lỗi thì không nhập dòng nào; --mode valid-rows nhập các dòng hợp lệ và liệt kê dòng lỗi.
      Nhập lại cùng tệp không tạo bản ghi trùng.`;

const MAX_PRINTED_ERRORS = 200;

/** `open` gives the database (tests pass theirs). */
export async function importEventsFile(
	argv: string[],
	who: Omit<AuditInput, 'action'>,
	open: () => Promise<Pick<DbHandle, 'db' | 'close'>> = openDatabaseFromEnv
): Promise<number> {
	const { values, positionals } = parseCliArgs(argv, {
		mode: { type: 'string' },
		encoding: { type: 'string' },
		'source-system': { type: 'string' },
		channel: { type: 'string' },
		sheet: { type: 'string' }
	});
	if (positionals.length !== 1) throw new UsageError('cần đúng một tệp .csv, .xlsx hoặc .jsonl');
	const mode = values.mode ?? 'all-or-nothing';
	if (mode !== 'all-or-nothing' && mode !== 'valid-rows')
		throw new UsageError('--mode phải là all-or-nothing hoặc valid-rows');
	if (values.encoding !== undefined && !isTextEncoding(values.encoding))
		throw new UsageError(`--encoding phải là một trong: ${TEXT_ENCODINGS.join(', ')}`);
	const path = positionals[0]!;
	if (
		!(await stat(path).then(
			(s) => s.isFile(),
			() => false
		))
	)
		throw new UsageError(`không tìm thấy tệp: ${path}`);

	const handle = await open();
	try {
		const file = await exportFileOnDisk(path);
		const settings = {
			encoding: isTextEncoding(values.encoding) ? values.encoding : null,
			sheet: values.sheet ?? null,
			mapping: null,
			constants: {
				...(values['source-system'] ? { source_system: values['source-system'] } : {}),
				...(values.channel ? { channel: values.channel } : {})
			},
			mode
		} as const;
		const f = await readFileShape(handle.db, file, settings);
		if (f.encoding)
			console.log(
				`Mã ký tự: ${ENCODING_LABELS[f.encoding]}${values.encoding ? ' (chọn)' : ' (tự nhận)'}` +
					(f.table.delimiter
						? `; dấu phân cách "${f.table.delimiter === '\t' ? 'Tab' : f.table.delimiter}"`
						: '')
			);
		if (f.table.sheet) console.log(`Trang tính: ${f.table.sheet}`);
		f.table.headers.forEach((h, i) => {
			const field = f.shape.mapping[i];
			console.log(`  cột "${h}" → ${field ? `${field} (${FIELD_LABELS[field].vi})` : 'bỏ qua'}`);
		});
		if (f.mappingFrom === 'saved') console.log(`(cách gán cột đã lưu của hệ thống ${f.sourceSystem})`);
		if (f.problems.length) {
			for (const p of f.problems) console.error(p.messageVi);
			return EXIT.FAILED;
		}
		let total: number | null = f.table.rowsHint;
		if (total === null) {
			total = 0;
			for await (const _ of f.table.rows()) total++;
		}
		let last = 0;
		const result = await ingestSigningEvents(handle.db, toRecords(f.table.rows(), f.shape), {
			mode,
			who,
			origin: {
				kind: 'cli',
				fileName: file.fileName,
				encoding: f.encoding ? ENCODING_LABELS[f.encoding] : undefined,
				sourceSystem: f.sourceSystem ?? undefined
			},
			rowsTotal: total,
			onProgress(read) {
				if (Date.now() - last < 1000) return;
				last = Date.now();
				console.error(`  đã đọc ${read.toLocaleString('vi-VN')} / ${total!.toLocaleString('vi-VN')} dòng`);
			}
		});
		for (const e of result.errors.slice(0, MAX_PRINTED_ERRORS)) console.log(`dòng ${e.line}: ${e.messageVi}`);
		if (result.errors.length > MAX_PRINTED_ERRORS)
			console.log(
				`… và ${result.errors.length - MAX_PRINTED_ERRORS} lỗi nữa (xem lần nhập #${result.runId} trên /ky-so/nhap)`
			);
		console.log(
			`Lần nhập #${result.runId}: ${result.rows} dòng đọc; đã nhập ${result.inserted}, đã có từ trước ${result.alreadyPresent}, ` +
				`bị từ chối ${result.rejected}, chứng thư chưa có trong danh mục ${result.unknownCertificates}; ` +
				`${(result.durationMs / 1000).toFixed(1)} s.`
		);
		if (!result.committed)
			console.log(
				'Không nhập dòng nào (tất cả hoặc không). Sửa các dòng trên rồi chạy lại, hoặc dùng --mode valid-rows.'
			);
		return result.rejected || !result.committed ? EXIT.FAILED : EXIT.OK;
	} catch (e) {
		if (isAppError(e)) {
			console.error(`kiem-ky import events: ${e.message}`);
			return EXIT.FAILED;
		}
		throw e;
	} finally {
		await handle.close();
	}
}
