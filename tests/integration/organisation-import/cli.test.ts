// `kiem-ky import organisation|subscribers|template` through the real dispatcher, against a
// database the CLI opens from the environment as an operator's would: a file-backed PGlite made
// from the migrated test database, or a PostgreSQL database of its own.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../src/cli/main';
import { openPglite, openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { dumpPath, postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import { insertCertificate } from './inventory';
import { organisationFile, PROVINCE_AGENCIES, PROVINCE_PEOPLE, subscriberFile } from './workbooks';
import { runCaptured } from '../../helpers/console-capture';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-org-cli-'));
let pg: DbHandle | null = null;

beforeAll(async () => {
	if (testDbKind() === 'postgres') {
		pg = await openTestDb();
		vi.stubEnv('DATABASE_URL', withDatabase(postgresBaseUrl(), pg.location));
	} else {
		const h = await openPglite({
			dataDir: path.join(dir, 'pglite'),
			loadDataDir: new Blob([readFileSync(dumpPath('migrated'))])
		});
		await h.close();
		vi.stubEnv('DATABASE_URL', '');
		vi.stubEnv('KIEMKY_DATA_DIR', dir);
	}
}, 180_000);
afterAll(async () => {
	vi.unstubAllEnvs();
	await pg?.close();
	rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

/** Opens the CLI's database for a look between commands (PGlite serves one process at a time). */
async function withDb<T>(f: (h: DbHandle) => Promise<T>): Promise<T> {
	const h = pg
		? openPostgres(process.env.DATABASE_URL!, 2)
		: await openPglite({ dataDir: path.join(dir, 'pglite') });
	try {
		return await f(h);
	} finally {
		await h.close();
	}
}

const cli = (...argv: string[]) => runCaptured(() => main(argv));

const write = (name: string, bytes: Uint8Array) => {
	const p = path.join(dir, name);
	writeFileSync(p, bytes);
	return p;
};
const count = (table: 'agencies' | 'people' | 'tokens') =>
	withDb(
		async (h) =>
			(
				await h.db
					.selectFrom(table)
					.select((e) => e.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
	);

describe('kiem-ky import organisation / subscribers / template', () => {
	it('writes both templates with their Vietnamese sheets and headers', async () => {
		const org = path.join(dir, 'mau-to-chuc.xlsx');
		const sub = path.join(dir, 'mau-thue-bao.xlsx');
		expect((await cli('import', 'template', 'organisation', '--out', org)).code).toBe(0);
		expect((await cli('import', 'template', 'subscribers', '--out', sub)).code).toBe(0);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(org);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Cơ quan', 'Cán bộ', 'Danh mục', 'Hướng dẫn']);
		expect(wb.getWorksheet('Cơ quan')!.getRow(1).values).toEqual([
			undefined,
			'Mã cơ quan',
			'Tên cơ quan',
			'Tên viết tắt',
			'Loại',
			'Mã cơ quan cấp trên'
		]);
		await wb.xlsx.readFile(sub);
		expect(wb.getWorksheet('Thuê bao')!.getCell('A1').value).toBe('Số hiệu chứng thư');
		const bad = await cli('import', 'template', 'nhansu', '--out', org);
		expect(bad.code).toBe(2);
		expect(bad.err).toEqual(['kiem-ky import: cần loại mẫu: organisation hoặc subscribers']);
	});

	it('previews with --dry-run writing nothing, applies, and finds the same file unchanged afterwards', async () => {
		const file = write('to-chuc.xlsx', await organisationFile(PROVINCE_AGENCIES, PROVINCE_PEOPLE));
		const dry = await cli('import', 'organisation', '--dry-run', file);
		expect(dry.code).toBe(0);
		expect(dry.out).toContain(
			'Tổng: Cơ quan: 6 mới, 0 thay đổi, 0 không đổi, 0 không có trong tệp; Cán bộ: 5 mới, 0 thay đổi, 0 không đổi, 0 không có trong tệp; 0 lỗi, 0 cảnh báo.'
		);
		expect(dry.out.at(-1)).toBe('(xem trước: chưa ghi gì)');
		expect(await count('agencies')).toBe(0);

		const applied = await cli('import', 'organisation', file);
		expect(applied.code).toBe(0);
		expect(applied.out.at(-1)).toMatch(/^Đã áp dụng tệp to-chuc\.xlsx \(SHA-256 [0-9a-f]{16}…\)\.$/);
		const after = await withDb(async (h) => ({
			agencies: (await h.db.selectFrom('agencies').select('id').execute()).length,
			people: (await h.db.selectFrom('people').select('id').execute()).length,
			actor: (
				await h.db
					.selectFrom('audit_log')
					.select('actor')
					.where('action', '=', 'organisation.import')
					.executeTakeFirstOrThrow()
			).actor
		}));
		expect(after).toMatchObject({ agencies: 6, people: 5, actor: expect.stringMatching(/^cli:/) });

		const again = await cli('import', 'organisation', '--dry-run', file);
		expect(again.out).toContain(
			'Tổng: Cơ quan: 0 mới, 0 thay đổi, 6 không đổi, 0 không có trong tệp; Cán bộ: 0 mới, 0 thay đổi, 5 không đổi, 0 không có trong tệp; 0 lỗi, 0 cảnh báo.'
		);
	});

	it('prints each error with its sheet, row and column, exits 1 and writes nothing', async () => {
		const file = write(
			'loi.xlsx',
			await organisationFile(
				[
					['X1', 'Cơ quan X', null, 'Sở', 'DT'],
					['X1', 'Cơ quan X lặp', null, 'Sở', 'DT']
				],
				[]
			)
		);
		for (const args of [['--dry-run', file], [file]]) {
			const r = await cli('import', 'organisation', ...args);
			expect(r.code).toBe(1);
			expect(r.err[0]).toBe(
				'[lỗi] trang "Cơ quan", dòng 3, cột A (Mã cơ quan): Mã cơ quan "X1" trùng với dòng 2.'
			);
		}
		const r = await cli('import', 'organisation', file);
		expect(r.err.at(-1)).toBe(
			'kiem-ky import organisation: 1 lỗi trong tệp loi.xlsx; không ghi gì. Sửa các dòng trên rồi chạy lại.'
		);
		expect(await count('agencies')).toBe(6);
	});

	it('imports a subscriber list, reporting a serial the inventory lacks on its row', async () => {
		await withDb((h) =>
			insertCertificate(h.db, { serial: '6c01', cn: 'Nguyễn Văn Hùng', kind: 'individual' })
		);
		const file = write(
			'thue-bao.xlsx',
			await subscriberFile([
				['6C01', null, 'Nguyễn Văn Hùng', '082000000001', 'SYT', 'TK-CLI-1', 'Token PKI', '02/01/2025'],
				['6C99', null, 'Trần Thị Lan', '082000000002', 'SYT', 'TK-CLI-2', 'Token PKI', null]
			])
		);
		const r = await cli('import', 'subscribers', file);
		expect(r.code).toBe(0);
		expect(r.out).toContain(
			'[cảnh báo] trang "Thuê bao", dòng 3, cột A (Số hiệu chứng thư): Chứng thư số hiệu 6C99 chưa có trong kho; dòng này bỏ qua (nhập chứng thư trước).'
		);
		expect(await count('tokens')).toBe(1);
	});

	it('refuses an oversized file by its size in one line, exit 1', async () => {
		const file = write('lon.xlsx', new Uint8Array(3 * 1024 * 1024));
		vi.stubEnv('KIEMKY_IMPORT_MAX_MB', '2');
		const r = await cli('import', 'organisation', file);
		vi.stubEnv('KIEMKY_IMPORT_MAX_MB', '');
		expect(r.code).toBe(1);
		expect(r.err).toEqual([
			'kiem-ky import: Tệp quá lớn (3.0 MB); giới hạn là 2 MB. Hãy chia thành nhiều tệp.'
		]);
	});
});
