// `kiem-ky import organisation|subscribers FILE.xlsx [--dry-run]` and `kiem-ky import template
// organisation|subscribers --out F.xlsx`: the XLSX imports of the organisation chart and of the
// CA's subscriber list, with the same reading, comparison and single-transaction apply as the
// import page. Kept beside the commands (not in commands/) because it is part of `import`.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { EXIT } from './command';
import { parseCliArgs, UsageError } from './args';
import { openDatabaseFromEnv } from '../lib/server/db/connection';
import {
	applyImportFile,
	buildTemplateWorkbook,
	checkXlsxSize,
	describeIssue,
	isImportKind,
	previewImportFile,
	previewOf,
	type ImportKind,
	type ImportPreview
} from '../lib/server/organisation-import';

export const WORKBOOK_USAGE = `  kiem-ky import organisation [--dry-run] FILE.xlsx
      Nhập sơ đồ tổ chức (trang "Cơ quan" và "Cán bộ" của tệp mẫu): cơ quan, đơn vị, cán bộ với chức danh và trạng thái.
      In các thay đổi (mới, thay đổi: trước → sau) và những gì tệp không còn liệt kê (chỉ báo, không xóa).
      Có lỗi thì không ghi gì và in từng lỗi (trang, dòng, cột). Nhập lại cùng tệp không thay đổi gì.
  kiem-ky import subscribers [--dry-run] FILE.xlsx
      Nhập danh sách thuê bao của CA (trang "Thuê bao"): liên kết chứng thư đã có trong kho với người giữ, cơ quan,
      thiết bị lưu khóa (tạo thiết bị mới và sự kiện bàn giao). Số hiệu chưa có trong kho được báo theo dòng và bỏ qua.
  kiem-ky import template organisation|subscribers --out F.xlsx
      Ghi tệp mẫu (tiêu đề tiếng Việt, danh mục, hướng dẫn).`;

const ENTITY: Record<string, string> = { agency: 'Cơ quan', person: 'Cán bộ', subscriber: 'Thuê bao' };

function printPreview(p: ImportPreview): void {
	for (const e of p.entries) {
		if (e.action === 'unchanged') continue;
		const what = e.action === 'new' ? 'mới' : 'thay đổi';
		const changes = e.changes.map((c) => `${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'}`).join('; ');
		console.log(`[${what}] ${ENTITY[e.entity]} ${e.key} ${e.label} (dòng ${e.row}) — ${changes}`);
	}
	for (const m of p.missing)
		console.log(
			`[không có trong tệp] ${ENTITY[m.entity]} ${m.key} ${m.label}${m.detail ? ` (${m.detail})` : ''}`
		);
	if (p.truncated.missing) console.log('[không có trong tệp] … (danh sách đã rút gọn)');
	for (const i of p.issues) {
		const line = `[${i.severity === 'error' ? 'lỗi' : 'cảnh báo'}] ${describeIssue(i)}`;
		if (i.severity === 'error') console.error(line);
		else console.log(line);
	}
	const counts = Object.entries(p.counts)
		.map(
			([k, c]) =>
				`${ENTITY[k]}: ${c.new} mới, ${c.changed} thay đổi, ${c.unchanged} không đổi, ${c.missing} không có trong tệp`
		)
		.join('; ');
	console.log(`Tổng: ${counts}; ${p.errors} lỗi, ${p.warnings} cảnh báo.`);
}

async function readWorkbookFile(path: string): Promise<{ name: string; bytes: Uint8Array }> {
	let size: number;
	try {
		size = (await stat(path)).size;
	} catch {
		throw new UsageError(`không tìm thấy tệp: ${path}`);
	}
	// Refused by its size before a byte of it is read.
	checkXlsxSize(size);
	return { name: path.split(/[\\/]/).pop()!, bytes: new Uint8Array(await readFile(path)) };
}

export async function importWorkbook(
	kind: ImportKind,
	argv: string[],
	who: { userId: null; actor: string; ip: null }
): Promise<number> {
	const { values, positionals } = parseCliArgs(argv, { 'dry-run': { type: 'boolean' } });
	if (positionals.length !== 1) throw new UsageError('cần đúng một tệp .xlsx');
	const file = await readWorkbookFile(positionals[0]!);
	const handle = await openDatabaseFromEnv();
	try {
		if (values['dry-run']) {
			const preview = await previewImportFile(handle.db, kind, file);
			printPreview(preview);
			console.log('(xem trước: chưa ghi gì)');
			return preview.errors ? EXIT.FAILED : EXIT.OK;
		}
		try {
			const preview = await applyImportFile(handle.db, kind, file, who);
			printPreview(preview);
			console.log(`Đã áp dụng tệp ${file.name} (SHA-256 ${preview.file.sha256.slice(0, 16)}…).`);
			return EXIT.OK;
		} catch (e) {
			const preview = previewOf(e);
			if (!preview) throw e;
			printPreview(preview);
			console.error(
				`kiem-ky import ${kind}: ${preview.errors} lỗi trong tệp ${file.name}; không ghi gì. Sửa các dòng trên rồi chạy lại.`
			);
			return EXIT.FAILED;
		}
	} finally {
		await handle.close();
	}
}

export async function writeTemplate(argv: string[]): Promise<number> {
	const { values, positionals } = parseCliArgs(argv, { out: { type: 'string' } });
	const kind = positionals[0];
	if (positionals.length !== 1 || !kind || !isImportKind(kind))
		throw new UsageError('cần loại mẫu: organisation hoặc subscribers');
	if (!values.out) throw new UsageError('cần --out TỆP.xlsx');
	await writeFile(values.out, await buildTemplateWorkbook(kind));
	console.log(
		`Đã ghi tệp mẫu ${kind === 'organisation' ? 'sơ đồ tổ chức' : 'danh sách thuê bao'}: ${values.out}`
	);
	return EXIT.OK;
}
