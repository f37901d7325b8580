// The upload of /ky-so/nhap, step by step as its actions run it: a real multipart request streamed
// to the staging directory, the preview (Vietnamese headers, a corrected mapping, the rows' errors),
// the import in both modes, its run in the history, the rejected rows as a workbook LibreOffice
// opens, the mapping saved for the source system; exports in legacy encodings; and bad input, each
// refused with a Vietnamese reason and nothing stored.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { encodeTcvn3, encodeWindows1258 } from '../../helpers/vietnamese-encodings';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { AppError } from '../../../src/lib/errors';
import {
	getImportRun,
	listImportRuns,
	loadStaged,
	previewUpload,
	readSettings,
	receiveEventUpload,
	startUploadImport,
	uploadProgress,
	writeRejectedWorkbook,
	type StagedUpload
} from '../../../src/lib/server/import/event-upload';
import { sharedStreamBomb, xlsxPartName } from '../../../src/lib/pki/testing/hostile-archives';

let h: DbHandle;
let dir: string;
let fp: string;
let nationalId: string;
let userId: number;
const ALL = { kind: 'all' } as const;

const count = async () =>
	(await sql<{ n: number }>`select count(*)::int as n from signing_events`.execute(h.db)).rows[0]!.n;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	dir = mkdtempSync(path.join(tmpdir(), 'kiemky-upload-'));
	fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
		.fingerprint_sha256;
	nationalId = (
		await h.db
			.selectFrom('people')
			.select('national_id')
			.where('national_id', 'is not', null)
			.executeTakeFirstOrThrow()
	).national_id!;
	userId = (
		await h.db.selectFrom('users').select('id').where('username', '=', 'baocao').executeTakeFirstOrThrow()
	).id;
});
afterAll(async () => {
	await h?.close();
	rmSync(dir, { recursive: true, force: true });
});

const who = () => ({ userId, actor: 'baocao', ip: null });

function uploadRequest(name: string, bytes: Uint8Array, type = ''): Request {
	const form = new FormData();
	form.set('file', new File([Buffer.from(bytes)], name, { type }));
	return new Request('http://localhost/ky-so/nhap', { method: 'POST', body: form });
}

const upload = (name: string, bytes: Uint8Array, type = '') =>
	receiveEventUpload(uploadRequest(name, bytes, type), dir, userId);

async function refused(p: Promise<unknown>): Promise<AppError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e, 'should have been refused').toBeInstanceOf(AppError);
	return e as AppError;
}

async function importStaged(staged: StagedUpload, params: Record<string, string>) {
	const { done } = await startUploadImport(h.db, dir, staged, readSettings(new URLSearchParams(params)), {
		who: who(),
		scope: ALL
	});
	await done;
	const after = await loadStaged(dir, staged.token, userId);
	expect(after.run?.status, after.run?.error).toBe('done');
	return (await getImportRun(h.db, after.run!.runId!, { userId, scope: ALL }))!;
}

/** The export of QLVB-SYT: Vietnamese headers, one column ("Người ký (CCCD)") no header rule knows. */
async function qlvbWorkbook(): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Văn bản đã ký');
	ws.addRow([
		'Mã hồ sơ',
		'Số ký hiệu',
		'Ngày ký',
		'Dấu vân tay',
		'Người ký (CCCD)',
		'Hình thức ký',
		'Trích yếu'
	]);
	ws.addRow([
		'HS-001',
		'15/QĐ-SYT',
		new Date(Date.UTC(2026, 2, 5, 9, 15)),
		fp,
		nationalId,
		'Ký thay',
		'Về việc A'
	]);
	ws.addRow(['HS-002', '16/QĐ-SYT', '06/03/2026 10:00', fp, nationalId, 'Thừa lệnh', 'Về việc B']);
	ws.addRow(['HS-003', '17/QĐ-SYT', '30/02/2026 08:00', fp, nationalId, 'Ký thay', 'Ngày không có']);
	ws.addRow([
		{ formula: 'A2&"-x"', result: 'HS-001-x' },
		'18/QĐ-SYT',
		'07/03/2026 11:00',
		fp,
		nationalId,
		'Ký thay',
		''
	]);
	ws.addRow(['HS-002', '16/QĐ-SYT', '06/03/2026 10:00', fp, nationalId, 'Thừa lệnh', 'Trùng dòng 3']);
	ws.addRow(['HS-006', '19/QĐ-SYT', '08/03/2026 14:30:05', fp, nationalId, 'Thừa ủy quyền', 'Về việc C']);
	ws.getCell('C2').numFmt = 'dd/mm/yyyy hh:mm';
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const corrected = {
	mapped: '1',
	'col-0': 'source_id',
	'col-1': 'document_number',
	'col-2': 'signed_at',
	'col-3': 'certificate_fingerprint',
	'col-4': 'acting_person_national_id',
	'col-5': 'signing_form',
	'col-6': '',
	sourceSystem: 'QLVB-SYT-TEST',
	channel: 'qlvb'
};

describe('an XLSX export with Vietnamese headers', () => {
	it('is previewed with its mapping, the missing fields, and each first row with its errors', async () => {
		const staged = await upload('qlvb-syt.xlsx', await qlvbWorkbook());
		expect(staged).toMatchObject({ format: 'xlsx', fileName: 'qlvb-syt.xlsx', encoding: null });

		const first = await previewUpload(h.db, dir, staged, readSettings(new URLSearchParams()));
		expect(first.mapping).toEqual([
			'source_id',
			'document_number',
			'signed_at',
			'certificate_fingerprint',
			null,
			'signing_form',
			null
		]);
		expect(first.problems.map((p) => p.messageVi)).toEqual([
			'Thiếu cột bắt buộc "Hệ thống nguồn" (hoặc chọn một giá trị cho cả tệp).',
			'Thiếu cột bắt buộc "Kênh" (hoặc chọn một giá trị cho cả tệp).'
		]);
		await expect(
			startUploadImport(h.db, dir, staged, readSettings(new URLSearchParams()), { who: who(), scope: ALL })
		).rejects.toThrow(/Thiếu cột bắt buộc "Hệ thống nguồn"/);

		const fixed = await previewUpload(h.db, dir, staged, readSettings(new URLSearchParams(corrected)));
		expect(fixed.problems).toEqual([]);
		expect(fixed.rows.map((r) => [r.line, r.errors.length ? r.errors[0] : 'ok'])).toEqual([
			[2, 'ok'],
			[3, 'ok'],
			[4, 'Thời điểm ký: ngày giờ không tồn tại: 2026-02-30T08:00:00'],
			[5, expect.stringMatching(/^ô A5 chứa công thức \(=A2&"-x"\)/)],
			[6, 'Mã bản ghi (mã hồ sơ): trùng với dòng 3 (cùng source_system, source_id)'],
			[7, 'ok']
		]);
		expect(fixed.rows[0]!.cells[2]).toBe('05/03/2026 09:15:00');
	});

	it('all or nothing: imports nothing, and records the run with each rejected row', async () => {
		const before = await count();
		const staged = await upload('qlvb-syt.xlsx', await qlvbWorkbook());
		const run = await importStaged(staged, { ...corrected, mode: 'all-or-nothing' });
		expect(run).toMatchObject({ status: 'rejected', mode: 'all-or-nothing', inserted: 0, rowsRead: 6 });
		expect(run.rejected).toBe(3);
		expect(await count()).toBe(before);
		// The staged bytes are gone; a second start is refused.
		await expect(
			startUploadImport(
				h.db,
				dir,
				await loadStaged(dir, staged.token, userId),
				readSettings(new URLSearchParams(corrected)),
				{
					who: who(),
					scope: ALL
				}
			)
		).rejects.toThrow(/đã được nhập/);
	});

	it('valid rows: imports the three good rows, once, and hands back the rejected ones as a workbook', async () => {
		const before = await count();
		const staged = await upload('qlvb-syt.xlsx', await qlvbWorkbook());
		expect((await uploadProgress(h.db, staged)).status).toBe('ready');
		const run = await importStaged(staged, { ...corrected, mode: 'valid-rows' });
		expect(run).toMatchObject({ status: 'committed', inserted: 3, alreadyPresent: 0, rejected: 3 });
		expect(await count()).toBe(before + 3);
		const progress = await uploadProgress(h.db, await loadStaged(dir, staged.token, userId));
		expect(progress).toMatchObject({ status: 'done', rowsRead: 6, rowsTotal: 6, runId: run.id });

		const stored = await h.db
			.selectFrom('signing_events')
			.select(['source_id', 'signing_form', 'signed_at', 'channel'])
			.where('source_system', '=', 'QLVB-SYT-TEST')
			.orderBy('source_id')
			.execute();
		expect(stored.map((r) => [r.source_id, r.signing_form, r.signed_at.toISOString(), r.channel])).toEqual([
			['HS-001', 'kt', '2026-03-05T02:15:00.000Z', 'qlvb'],
			['HS-002', 'tl', '2026-03-06T03:00:00.000Z', 'qlvb'],
			['HS-006', 'tuq', '2026-03-08T07:30:05.000Z', 'qlvb']
		]);

		const file = path.join(dir, 'rejected.xlsx');
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		expect(await writeRejectedWorkbook(h.db, run.id, out)).toBe(3);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		const header = (ws.getRow(1).values as unknown[]).slice(1);
		expect(header).toEqual([
			'Mã hồ sơ',
			'Số ký hiệu',
			'Ngày ký',
			'Dấu vân tay',
			'Người ký (CCCD)',
			'Hình thức ký',
			'Trích yếu',
			'Dòng',
			'Lý do'
		]);
		const rows = [2, 3, 4].map((i) => (ws.getRow(i).values as unknown[]).slice(1));
		expect(rows.map((r) => [r[0], r[7]])).toEqual([
			['HS-003', 4],
			['=A2&"-x"', 5],
			['HS-002', 6]
		]);
		expect(String(rows[0]![8])).toMatch(/ngày giờ không tồn tại/);
		expect(String(rows[1]![8])).toMatch(/chứa công thức/);
		expect(String(rows[2]![8])).toMatch(/trùng với dòng 3/);

		// LibreOffice opens it (and reads the Vietnamese back).
		if (existsSync('/usr/bin/soffice')) {
			writeFileSync(file, Buffer.concat(chunks));
			const outDir = mkdtempSync(path.join(tmpdir(), 'kiemky-lo-'));
			execFileSync(
				'/usr/bin/soffice',
				[
					'--headless',
					`-env:UserInstallation=file://${outDir}/profile`,
					'--convert-to',
					// Comma-separated, double quotes, UTF-8 (character set 76).
					'csv:Text - txt - csv (StarCalc):44,34,76',
					'--outdir',
					outDir,
					file
				],
				{ timeout: 120_000 }
			);
			const csv = readFileSync(path.join(outDir, 'rejected.csv'), 'utf8');
			expect(csv.split('\n')[0]).toContain('Người ký (CCCD)');
			expect(csv).toContain('HS-003');
			rmSync(outDir, { recursive: true, force: true });
		}

		// The history shows the run; the mapping was saved for the source system and is used next time.
		const history = await listImportRuns(h.db, { userId, scope: ALL });
		expect(history[0]).toMatchObject({ id: run.id, fileName: 'qlvb-syt.xlsx', who: expect.any(String) });
		expect(
			await listImportRuns(h.db, { userId: -1, scope: { kind: 'subtree', agencyId: 1, path: '1' } })
		).toEqual([]);
		const again = await upload('qlvb-syt.xlsx', await qlvbWorkbook());
		const preview = await previewUpload(
			h.db,
			dir,
			again,
			readSettings(new URLSearchParams({ sourceSystem: 'QLVB-SYT-TEST' }))
		);
		expect(preview.mappingFrom).toBe('saved');
		expect(preview.mapping[4]).toBe('acting_person_national_id');
		expect(preview.constants).toEqual({ source_system: 'QLVB-SYT-TEST', channel: 'qlvb' });
		expect(preview.problems).toEqual([]);
		const second = await importStaged(again, { sourceSystem: 'QLVB-SYT-TEST', mode: 'valid-rows' });
		expect(second).toMatchObject({ inserted: 0, alreadyPresent: 3, rejected: 3 });
		expect(await count()).toBe(before + 3);
	}, 240_000); // LibreOffice takes a minute or more to start on a loaded 2-core CI machine
});

describe('legacy encodings', () => {
	const csv = (id: string) =>
		[
			'Hệ thống nguồn;Mã hồ sơ;Thời điểm ký;Dấu vân tay;Kênh;Chức danh;Văn bản đến/đi',
			`QLVB-ENC;${id};05/03/2026 09:15;${fp};Dịch vụ công;Phó Giám đốc Sở Khoa học và Công nghệ;Văn bản đi`
		].join('\r\n');

	it.each([
		['Windows-1258', 'windows-1258', (s: string) => encodeWindows1258(s)],
		['TCVN3', 'tcvn3', (s: string) => encodeTcvn3(s)],
		['UTF-16 LE without BOM', 'utf-16le', (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'))]
	])('reads an export in %s, says so, and stores the Vietnamese text right', async (_, encoding, encode) => {
		const id = `ENC-${encoding}`;
		const staged = await upload(`${encoding}.csv`, encode(csv(id)), 'text/csv');
		expect(staged.encoding?.encoding).toBe(encoding);
		const preview = await previewUpload(h.db, dir, staged, readSettings(new URLSearchParams()));
		expect(preview.problems).toEqual([]);
		expect(preview.delimiter).toBe(';');
		expect(preview.rows[0]!.cells[5]).toBe('Phó Giám đốc Sở Khoa học và Công nghệ');
		expect(preview.rows[0]!.errors).toEqual([]);
		const run = await importStaged(staged, {});
		expect(run).toMatchObject({ status: 'committed', inserted: 1 });
		const row = await h.db
			.selectFrom('signing_events')
			.select(['acting_title', 'channel', 'direction'])
			.where('source_id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			acting_title: 'Phó Giám đốc Sở Khoa học và Công nghệ',
			channel: 'dvc',
			direction: 'outgoing'
		});
	});

	it('lets the user override the detected encoding', async () => {
		const staged = await upload('tcvn.csv', encodeTcvn3(csv('ENC-OVERRIDE')));
		const wrong = await previewUpload(
			h.db,
			dir,
			staged,
			readSettings(new URLSearchParams({ encoding: 'windows-1258' }))
		);
		expect(wrong.encoding).toBe('windows-1258');
		expect(wrong.rows[0]!.cells[5]).not.toBe('Phó Giám đốc Sở Khoa học và Công nghệ');
	});
});

describe('bad input: a clear reason, nothing stored', () => {
	const csvBytes = new TextEncoder().encode(
		`source_system,source_id,signed_at,certificate_fingerprint,channel\nq,1,2026-02-30,${'ab'.repeat(32)},qlvb`
	);
	let before = 0;
	beforeAll(async () => {
		before = await count();
	});
	afterAll(async () => {
		expect(await count()).toBe(before);
	});

	it.each([
		['ky-so.pdf', csvBytes, '', /chỉ nhận tệp CSV \(\.csv\), bảng tính Excel \(\.xlsx\) hoặc JSON Lines/],
		['ky-so.csv', csvBytes, 'application/pdf', /kiểu nội dung "application\/pdf", không phải CSV/],
		['ky-so.csv', sharedStreamBomb(2, 1024, xlsxPartName), '', /nội dung là tệp nén ZIP, không phải CSV/],
		[
			'ky-so.xls',
			new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
			'',
			/Excel 97-2003 \(\.xls\)/
		],
		['ky-so.xlsx', csvBytes, '', /không phải bảng tính Excel \.xlsx/],
		['ky-so.xlsx', sharedStreamBomb(32, 48 * 1024 * 1024, xlsxPartName), '', /chồng lấn/],
		[
			'ky-so.csv',
			new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x61]),
			'',
			/không phải tệp văn bản/
		],
		['ky-so.csv', new Uint8Array(), '', /Chưa chọn tệp hoặc tệp rỗng/]
	])('%s is refused (case %#)', async (name, bytes, type, message) => {
		const e = await refused(upload(name, bytes, type));
		expect(e.message).toMatch(message);
		expect(readdirSync(dir).filter((f) => f.endsWith('.upload'))).not.toContain(
			expect.stringContaining('.part')
		);
	});

	it('refuses a 200 MB file by its declared length without reading it, and a longer stream as soon as it passes the cap', async () => {
		let pulled = 0;
		const huge = new ReadableStream<Uint8Array>({
			pull(c) {
				pulled++;
				c.enqueue(new Uint8Array(1024 * 1024));
			}
		});
		const request = new Request('http://localhost/ky-so/nhap', {
			method: 'POST',
			body: huge,
			headers: {
				'content-type': 'multipart/form-data; boundary=x',
				'content-length': String(200 * 1024 * 1024)
			},
			duplex: 'half'
		} as RequestInit);
		const e = await refused(receiveEventUpload(request, dir, userId));
		expect(e.message).toBe(
			'Tệp lớn hơn 100 MB: hãy chia thành nhiều tệp nhỏ hơn, hoặc nhập trên máy chủ bằng lệnh kiem-ky import events.'
		);
		expect(pulled).toBeLessThanOrEqual(1);

		const files = () => readdirSync(dir).length;
		const n = files();
		const big = new Uint8Array(3 * 1024 * 1024).fill(0x61);
		const e2 = await refused(receiveEventUpload(uploadRequest('big.csv', big), dir, userId, 1024 * 1024));
		expect(e2.details).toMatchObject({ reason: 'TOO_LARGE' });
		expect(files()).toBe(n);
	});

	it('keeps nothing of an upload whose connection drops', async () => {
		const n = readdirSync(dir).length;
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(c) {
				if (sent++ === 0)
					c.enqueue(
						new TextEncoder().encode(
							'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc'
						)
					);
				else c.error(new Error('connection reset'));
			}
		});
		const request = new Request('http://localhost/ky-so/nhap', {
			method: 'POST',
			body,
			headers: { 'content-type': 'multipart/form-data; boundary=x' },
			duplex: 'half'
		} as RequestInit);
		expect((await refused(receiveEventUpload(request, dir, userId))).message).toMatch(/kết nối bị ngắt/);
		expect(readdirSync(dir).length).toBe(n);
	});

	it('names the required columns a CSV lacks and lists its unknown columns as ignored', async () => {
		const staged = await upload('thieu-cot.csv', new TextEncoder().encode('Mã hồ sơ,Ghi chú\nHS-1,x'));
		const preview = await previewUpload(h.db, dir, staged, readSettings(new URLSearchParams()));
		expect(preview.mapping).toEqual(['source_id', null]);
		expect(preview.problems.map((p) => p.field)).toEqual([
			'source_system',
			'signed_at',
			'channel',
			'certificate_fingerprint'
		]);
	});

	it('starts an upload once when "Nhập" is clicked twice at the same moment', async () => {
		const staged = await upload('hai-lan.csv', csvBytes);
		const settings = readSettings(new URLSearchParams());
		const ctx = { who: who(), scope: ALL };
		const outcomes = await Promise.allSettled([
			startUploadImport(h.db, dir, staged, settings, ctx),
			startUploadImport(h.db, dir, { ...staged }, settings, ctx)
		]);
		expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refusedOne = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
		expect((refusedOne.reason as AppError).code).toBe('CONFLICT');
		await (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ done: Promise<void> }>)
			.value.done;
	});

	it('refuses another user’s upload as not found', async () => {
		const staged = await upload('cua-toi.csv', csvBytes);
		const e = await refused(loadStaged(dir, staged.token, userId + 1000));
		expect(e.code).toBe('NOT_FOUND');
		expect((await refused(loadStaged(dir, '../../etc/passwd', userId))).code).toBe('NOT_FOUND');
	});
});
