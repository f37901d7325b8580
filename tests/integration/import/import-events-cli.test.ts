// `kiem-ky import events`: a CSV in TCVN3 and an XLSX with Vietnamese headers through the same
// readers and pipeline as the upload page; the encoding, the mapping, the counts and each rejected
// row printed; exit 1 when rows are rejected; usage errors for bad options.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { encodeTcvn3 } from '../../helpers/vietnamese-encodings';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { importEventsFile } from '../../../src/cli/import-events';
import { UsageError } from '../../../src/cli/args';
import { captureConsole } from '../../helpers/console-capture';

let h: DbHandle;
let dir: string;
let fp: string;
const who = { userId: null, actor: 'cli:test', ip: null };
const open = async () => ({ db: h.db, close: async () => undefined });

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	dir = mkdtempSync(path.join(tmpdir(), 'kiemky-cli-events-'));
	fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
		.fingerprint_sha256;
});
afterAll(async () => {
	await h?.close();
	rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('kiem-ky import events', () => {
	it('reads a TCVN3 CSV, says so, imports it and a second run adds nothing', async () => {
		const file = path.join(dir, 'qlvb-cu.csv');
		writeFileSync(
			file,
			encodeTcvn3(
				[
					'Mã hồ sơ;Thời điểm ký;Dấu vân tay;Chức danh;Hình thức ký',
					`CLI-1;05/03/2026 09:15;${fp};Giám đốc Sở;Ký thay`,
					`CLI-2;06/03/2026 10:00;${fp};Phó Giám đốc;Thừa lệnh`
				].join('\r\n')
			)
		);
		const { out } = captureConsole();
		const args = ['--source-system', 'QLVB-CU', '--channel', 'qlvb', file];
		expect(await importEventsFile(args, who, open)).toBe(0);
		expect(out[0]).toBe('Mã ký tự: TCVN3 (ABC) (tự nhận); dấu phân cách ";"');
		expect(out).toContain('  cột "Hình thức ký" → signing_form (Hình thức ký)');
		expect(out.at(-1)).toMatch(/^Lần nhập #\d+: 2 dòng đọc; đã nhập 2, đã có từ trước 0, bị từ chối 0/);
		const titles = await h.db
			.selectFrom('signing_events')
			.select(['acting_title', 'signing_form'])
			.where('source_system', '=', 'QLVB-CU')
			.orderBy('source_id')
			.execute();
		expect(titles).toEqual([
			{ acting_title: 'Giám đốc Sở', signing_form: 'kt' },
			{ acting_title: 'Phó Giám đốc', signing_form: 'tl' }
		]);
		const again = captureConsole();
		expect(await importEventsFile(args, who, open)).toBe(0);
		expect(again.out.at(-1)).toMatch(/đã nhập 0, đã có từ trước 2/);
	});

	it('keeps the valid rows of an XLSX with --mode valid-rows and prints each rejected row, exit 1', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Dữ liệu');
		ws.addRow(['Hệ thống nguồn', 'Mã hồ sơ', 'Ngày ký', 'Số serial', 'Kênh']);
		const serial = (
			await h.db
				.selectFrom('certificates')
				.select('serial_number')
				.where('fingerprint_sha256', '=', fp)
				.executeTakeFirstOrThrow()
		).serial_number;
		ws.addRow(['QLVB-XLSX', 'X-1', '05/03/2026 09:15', serial, 'QLVB&ĐH']);
		ws.addRow(['QLVB-XLSX', 'X-2', '31/04/2026 09:15', serial, 'QLVB&ĐH']);
		const file = path.join(dir, 'xuat.xlsx');
		await wb.xlsx.writeFile(file);
		const { out } = captureConsole();
		expect(await importEventsFile(['--mode', 'valid-rows', file], who, open)).toBe(1);
		expect(out).toContain('Trang tính: Dữ liệu');
		expect(out.find((l) => l.startsWith('dòng 3: '))).toMatch(/ngày giờ không tồn tại: 2026-04-31/);
		expect(out.at(-1)).toMatch(/2 dòng đọc; đã nhập 1, đã có từ trước 0, bị từ chối 1/);
	});

	it('names the missing columns and refuses bad options', async () => {
		const file = path.join(dir, 'thieu.csv');
		writeFileSync(file, 'Mã hồ sơ,Ghi chú\nA,b\n');
		const { err } = captureConsole();
		expect(await importEventsFile([file], who, open)).toBe(1);
		expect(err).toContain('Thiếu cột bắt buộc "Thời điểm ký".');
		await expect(importEventsFile(['--mode', 'half', file], who, open)).rejects.toBeInstanceOf(UsageError);
		await expect(importEventsFile(['--encoding', 'latin1', file], who, open)).rejects.toThrow(/--encoding/);
		await expect(importEventsFile([path.join(dir, 'khong-co.csv')], who, open)).rejects.toThrow(
			/không tìm thấy tệp/
		);
	});
});
