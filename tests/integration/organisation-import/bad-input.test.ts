// Bad workbooks: each is refused with a Vietnamese message naming the sheet, row and column, and
// nothing already stored changes. Files that cannot be opened safely (too large, a zip bomb, not
// a workbook) are refused before exceljs reads them and are not staged.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { AppError } from '../../../src/lib/errors';
import {
	applyImportFile,
	previewImportFile,
	type ImportIssue,
	type ImportKind
} from '../../../src/lib/server/organisation-import';
import { stageImport } from '../../../src/lib/server/organisation-import/batches';
import { importedRows } from './snapshot';
import { insertCertificate, PUBLIC_CA } from './inventory';
import { bombPosingAsXlsx } from './zip-bytes';
import {
	organisationFile,
	PROVINCE_AGENCIES,
	PROVINCE_PEOPLE,
	subscriberFile,
	type AgencyCells,
	type PersonCells,
	type SubscriberCells
} from './workbooks';

const NOW = new Date('2026-11-20T03:00:00Z');
const who = { userId: null, actor: 'thanhtra', ip: null };
let h: DbHandle;

beforeAll(async () => {
	h = await openTestDb();
	const bytes = await organisationFile(PROVINCE_AGENCIES, PROVINCE_PEOPLE);
	await applyImportFile(h.db, 'organisation', { name: 'to-chuc.xlsx', bytes }, who, { now: NOW });
	await insertCertificate(h.db, { serial: '7a01', cn: 'Nguyễn Văn Hùng', kind: 'individual' });
	await insertCertificate(h.db, {
		serial: '7a01',
		cn: 'Nguyễn Văn Hùng',
		kind: 'individual',
		issuer: PUBLIC_CA
	});
});
afterAll(async () => h?.close());

/** The preview names the problem; applying throws IMPORT_FAILED and leaves every table as it was. */
async function refused(kind: ImportKind, bytes: Uint8Array, expected: Partial<ImportIssue>) {
	const file = { name: 'sai.xlsx', bytes };
	const preview = await previewImportFile(h.db, kind, file, NOW);
	expect(preview.issues.filter((i) => i.severity === 'error')).toContainEqual(
		expect.objectContaining({ severity: 'error', ...expected })
	);
	const before = await importedRows(h.db);
	const error = await applyImportFile(h.db, kind, file, who, { now: NOW }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(AppError);
	expect((error as AppError).code).toBe('IMPORT_FAILED');
	expect((error as AppError).message).toMatch(/lỗi; không ghi gì\. trang "/);
	expect(await importedRows(h.db)).toEqual(before);
	return preview;
}

const org = (
	agencies: AgencyCells[],
	people: PersonCells[] = [],
	edit?: Parameters<typeof organisationFile>[2]
) => organisationFile(agencies, people, edit);
const person = (
	id: string,
	code: string,
	extra: Partial<Record<5 | 6 | 7, PersonCells[5]>> = {}
): PersonCells => [
	'Đỗ Văn Mới',
	id,
	null,
	code,
	'Chuyên viên',
	extra[5] ?? null,
	extra[6] ?? null,
	extra[7] ?? null
];

describe('bad organisation workbooks', () => {
	it('refuses a renamed header and names the missing column; unknown columns are only warned about', async () => {
		const bytes = await org([['X1', 'Cơ quan X', null, 'Sở', 'DT']], [], (wb) => {
			wb.getWorksheet('Cơ quan')!.getCell('A1').value = 'Mã số';
		});
		const p = await refused('organisation', bytes, {
			sheet: 'Cơ quan',
			row: 1,
			column: null,
			header: 'Mã cơ quan',
			message: 'Thiếu cột "Mã cơ quan".'
		});
		expect(p.issues).toContainEqual(
			expect.objectContaining({
				severity: 'warning',
				column: 'A',
				message: 'Cột "Mã số" không có trong mẫu, bỏ qua.'
			})
		);
	});

	it('refuses a sheet without its "Chức danh" column, and a workbook without the "Cán bộ" sheet', async () => {
		await refused(
			'organisation',
			await org([], [person('082000000111', 'SYT')], (wb) => wb.getWorksheet('Cán bộ')!.spliceColumns(5, 1)),
			{ sheet: 'Cán bộ', row: 1, header: 'Chức danh', message: 'Thiếu cột "Chức danh".' }
		);
		await refused(
			'organisation',
			await org([], [], (wb) => wb.removeWorksheet(wb.getWorksheet('Cán bộ')!.id)),
			{ sheet: 'Cán bộ', row: null, message: expect.stringContaining('Thiếu trang "Cán bộ"') }
		);
	});

	it('accepts headers written without diacritics, in capitals, with extra spaces', async () => {
		const bytes = await org([], [person('082000000112', 'SYT')], (wb) => {
			const ws = wb.getWorksheet('Cán bộ')!;
			ws.getCell('A1').value = 'HO VA TEN';
			ws.getCell('B1').value = '  so dinh danh  ';
			ws.getCell('E1').value = 'chức   DANH';
		});
		const p = await previewImportFile(h.db, 'organisation', { name: 'ok.xlsx', bytes }, NOW);
		expect(p.errors).toBe(0);
		expect(p.counts.person).toMatchObject({ new: 1 });
	});

	it('refuses a duplicate agency code and a duplicate national id, naming the first row', async () => {
		await refused(
			'organisation',
			await org([
				['X1', 'Cơ quan X', null, 'Sở', 'DT'],
				['x1', 'Cơ quan X (lặp)', null, 'Sở', 'DT']
			]),
			{
				sheet: 'Cơ quan',
				row: 3,
				column: 'A',
				header: 'Mã cơ quan',
				message: 'Mã cơ quan "x1" trùng với dòng 2.'
			}
		);
		await refused(
			'organisation',
			await org([], [person('082000000113', 'SYT'), person('082000000113', 'SYT')]),
			{
				sheet: 'Cán bộ',
				row: 3,
				column: 'B',
				message: 'Số định danh 082000000113 trùng với dòng 2.'
			}
		);
	});

	it('refuses a person placed in two agencies at once', async () => {
		await refused(
			'organisation',
			await org([], [person('082000000114', 'SYT'), person('082000000114', 'SKHCN')]),
			{
				sheet: 'Cán bộ',
				row: 3,
				column: 'D',
				header: 'Mã cơ quan',
				message: expect.stringContaining('được xếp vào hai cơ quan cùng lúc: "SYT" (dòng 2) và "SKHCN"')
			}
		);
	});

	it('refuses an agency code known neither in the file nor in the database', async () => {
		await refused('organisation', await org([], [person('082000000115', 'KHONGCO')]), {
			sheet: 'Cán bộ',
			row: 2,
			column: 'D',
			message: 'Mã cơ quan "KHONGCO" không có trong tệp và trong hệ thống.'
		});
		await refused('organisation', await org([['X2', 'Đơn vị X2', null, 'Đơn vị trực thuộc', 'KHONGCO']]), {
			sheet: 'Cơ quan',
			row: 2,
			column: 'E',
			header: 'Mã cơ quan cấp trên',
			message: 'Mã cơ quan cấp trên "KHONGCO" không có trong tệp và trong hệ thống.'
		});
	});

	it('refuses a cycle in the agency tree, within the file and through the database', async () => {
		const p = await refused(
			'organisation',
			await org([
				['VA', 'Đơn vị A', null, 'Đơn vị trực thuộc', 'VB'],
				['VB', 'Đơn vị B', null, 'Đơn vị trực thuộc', 'VA']
			]),
			{ sheet: 'Cơ quan', row: 2, column: 'E', message: 'Vòng lặp trong cây cơ quan: VA → VB → VA.' }
		);
		expect(p.issues.filter((i) => i.message.startsWith('Vòng lặp')).map((i) => i.row)).toEqual([2, 3]);
		// SYT under its own hospital: BVDK's parent is SYT in the database.
		await refused('organisation', await org([['SYT', 'Sở Y tế', null, 'Sở, ban, ngành', 'BVDK']]), {
			sheet: 'Cơ quan',
			row: 2,
			column: 'E',
			message: 'Vòng lặp trong cây cơ quan: SYT → BVDK → SYT.'
		});
	});

	it('refuses cells holding formulas', async () => {
		await refused(
			'organisation',
			await org([['X3', { formula: 'A1&"X"', result: 'Mã cơ quanX' }, null, 'Sở', 'DT']]),
			{
				sheet: 'Cơ quan',
				row: 2,
				column: 'B',
				header: 'Tên cơ quan',
				message: expect.stringContaining('Ô chứa công thức')
			}
		);
	});

	it('refuses dates that do not exist or are not dd/MM/yyyy', async () => {
		await refused(
			'organisation',
			await org([], [person('082000000116', 'SYT', { 6: 'Nghỉ hưu', 7: '30/02/2026' })]),
			{
				sheet: 'Cán bộ',
				row: 2,
				column: 'H',
				header: 'Từ ngày',
				message: 'Ngày 30/02/2026 không có thật.'
			}
		);
		await refused('organisation', await org([], [person('082000000117', 'SYT', { 5: '2026-02-03' })]), {
			row: 2,
			column: 'F',
			message: '"2026-02-03" không phải ngày dạng dd/MM/yyyy.'
		});
		await refused('organisation', await org([], [person('082000000118', 'SYT', { 6: 'Nghỉ hưu' })]), {
			column: 'H',
			message: 'Thiếu ngày của trạng thái "Nghỉ hưu".'
		});
	});
});

describe('one recorded person or certificate named by two rows', () => {
	it('refuses two national ids for the person recorded with that e-mail and no national id', async () => {
		const syt = await h.db
			.selectFrom('agencies')
			.select('id')
			.where('code', '=', 'SYT')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('people')
			.values({ agency_id: syt.id, full_name: 'Ngô Thị Mai', title: 'Chuyên viên', email: 'mai@syt.vn' })
			.execute();
		const mai = (id: string): PersonCells => [
			'Ngô Thị Mai',
			id,
			'mai@syt.vn',
			'SYT',
			'Chuyên viên',
			null,
			null,
			null
		];
		const one = await previewImportFile(
			h.db,
			'organisation',
			{ name: 'a.xlsx', bytes: await org([], [mai('082000000201')]) },
			NOW
		);
		expect(one.entries).toEqual([
			expect.objectContaining({
				action: 'changed',
				changes: [{ field: 'Số định danh', before: null, after: '082000000201' }]
			})
		]);
		await refused('organisation', await org([], [mai('082000000201'), mai('082000000202')]), {
			row: 3,
			column: 'C',
			header: 'Email',
			message: 'Email mai@syt.vn là của cán bộ đã ghi ở dòng 2.'
		});
	});

	it('refuses one certificate reached by two rows', async () => {
		const r = (serial: string, issuer: string) =>
			[
				serial,
				issuer,
				'Nguyễn Văn Hùng',
				'082000000001',
				'SYT',
				'TK-Y',
				'Token PKI',
				null
			] as SubscriberCells;
		await refused('subscribers', await subscriberFile([r('7a01', 'VNPT'), r('07a01', 'VNPT Group')]), {
			row: 3,
			column: 'A',
			message: 'Chứng thư này đã có ở dòng 2.'
		});
	});
});

describe('people out of post', () => {
	it('refuses to retitle someone retired, and a leaving date before their post began', async () => {
		await refused(
			'organisation',
			await org(
				[],
				[['Phạm Thị Hoa', '082000000004', null, 'SKHCN', 'Giám đốc', null, 'Nghỉ hưu', '30/06/2026']]
			),
			{
				sheet: 'Cán bộ',
				row: 2,
				column: 'E',
				header: 'Chức danh',
				message:
					'Cán bộ không còn công tác (Nghỉ hưu (từ 30/06/2026)): không đổi chức danh hay cơ quan bằng nhập tệp.'
			}
		);
		await refused(
			'organisation',
			await org(
				[],
				[['Lê Minh Tâm', '082000000003', null, 'BVDK', 'Giám đốc bệnh viện', null, 'Thôi việc', '01/01/2021']]
			),
			{
				column: 'H',
				message: 'Ngày 01/01/2021 trước ngày của trạng thái hiện tại (Đang công tác từ 15/03/2021).'
			}
		);
	});
});

describe('bad subscriber lists', () => {
	const row = (serial: string, issuer: string | null, id = '082000000001') =>
		[serial, issuer, 'Nguyễn Văn Hùng', id, 'SYT', 'TK-X', 'Token PKI', null] as const;

	it('refuses a serial listed twice, and one that two CAs issued unless the issuer is named', async () => {
		await refused(
			'subscribers',
			await subscriberFile([[...row('7a01', 'Ban Cơ yếu')], [...row('07A01', 'Ban Cơ yếu')]]),
			{
				sheet: 'Thuê bao',
				row: 3,
				column: 'A',
				message: 'Số hiệu chứng thư 07A01 trùng với dòng 2.'
			}
		);
		await refused('subscribers', await subscriberFile([[...row('7a01', null)]]), {
			row: 2,
			column: 'A',
			message: 'Có 2 chứng thư cùng số hiệu 7a01; ghi cột "CA phát hành" để chọn.'
		});
		const named = await previewImportFile(
			h.db,
			'subscribers',
			{ name: 'a.xlsx', bytes: await subscriberFile([[...row('7a01', 'VNPT')]]) },
			NOW
		);
		expect(named.errors).toBe(0);
	});

	it('refuses to hand over a device reported lost', async () => {
		const [hung, syt] = await Promise.all([
			h.db
				.selectFrom('people')
				.select('id')
				.where('national_id', '=', '082000000001')
				.executeTakeFirstOrThrow(),
			h.db.selectFrom('agencies').select('id').where('code', '=', 'SYT').executeTakeFirstOrThrow()
		]);
		const token = await h.db
			.insertInto('tokens')
			.values({ serial: 'TK-LOST', device_type: 'pki_token' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('token_custody_events')
			.values([
				{
					token_id: token.id,
					event: 'issued',
					occurred_at: new Date('2025-01-05T01:00:00Z'),
					to_person_id: hung.id,
					agency_id: syt.id
				},
				{
					token_id: token.id,
					event: 'lost',
					occurred_at: new Date('2026-03-01T01:00:00Z'),
					agency_id: syt.id
				}
			])
			.execute();
		await refused(
			'subscribers',
			await subscriberFile([
				['7a01', 'VNPT', 'Trần Thị Lan', '082000000002', 'SYT', 'TK-LOST', 'Token PKI', null]
			]),
			{
				row: 2,
				column: 'F',
				header: 'Số sê-ri thiết bị',
				message: 'Thiết bị TK-LOST đang ở tình trạng "Bị mất"; không giao lại bằng nhập tệp.'
			}
		);
	});

	it('refuses a holder who is not in the organisation chart and an unknown agency code', async () => {
		await refused('subscribers', await subscriberFile([[...row('7a01', 'Ban Cơ yếu', '082999999999')]]), {
			row: 2,
			column: 'D',
			message: expect.stringContaining('Không có cán bộ số định danh 082999999999')
		});
		await refused(
			'subscribers',
			await subscriberFile([
				['7a01', 'VNPT', 'Nguyễn Văn Hùng', '082000000001', 'KHONGCO', 'TK-X', 'Token PKI', null]
			]),
			{
				row: 2,
				column: 'E',
				message: 'Mã cơ quan "KHONGCO" không có trong hệ thống.'
			}
		);
	});
});

describe('files that are not opened', () => {
	const expectRefusedFile = async (bytes: Uint8Array, message: RegExp) => {
		const batches = await h.db.selectFrom('import_batches').select('id').execute();
		for (const kind of ['organisation', 'subscribers'] as const) {
			await expect(previewImportFile(h.db, kind, { name: 'x.xlsx', bytes }, NOW)).rejects.toThrow(message);
			await expect(stageImport(h.db, kind, { name: 'x.xlsx', bytes }, who, NOW)).rejects.toThrow(message);
		}
		expect(await h.db.selectFrom('import_batches').select('id').execute()).toEqual(batches);
	};

	it('refuses a 100 MB file by its size, before reading it, and honours a configured cap', async () => {
		// Zeros are not a ZIP at all: the size check must come first for this message to appear.
		await expectRefusedFile(
			new Uint8Array(100 * 1024 * 1024),
			/^Tệp quá lớn \(100\.0 MB\); giới hạn là 20 MB/
		);
		vi.stubEnv('KIEMKY_IMPORT_MAX_MB', '1');
		try {
			await expectRefusedFile(new Uint8Array(2 * 1024 * 1024), /giới hạn là 1 MB/);
		} finally {
			vi.unstubAllEnvs();
		}
	});

	it('refuses zip bombs posing as xlsx: an honest one by its ratio, a lying one by inflating past its declared size', async () => {
		await expectRefusedFile(bombPosingAsXlsx(64 * 1024 * 1024), /tỉ lệ 1029:1 .*nghi là bom nén/);
		await expectRefusedFile(
			bombPosingAsXlsx(8 * 1024 * 1024, 1000),
			/giải nén ra nhiều hơn kích thước khai báo/
		);
	});

	it('refuses a file that is not a workbook', async () => {
		await expectRefusedFile(
			new TextEncoder().encode('Mã cơ quan;Tên cơ quan\nX;Y\n'),
			/không phải bảng tính (Excel )?\.xlsx/
		);
	});
});
