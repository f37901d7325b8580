// The import page's staging: an upload is kept with its preview; applying re-reads the file and
// compares again inside the transaction, refusing (and refreshing the preview) when the database
// moved in between; a batch applies once; discarding is audited; the templates download.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { AppError } from '../../../src/lib/errors';
import {
	applyImportBatch,
	discardImportBatch,
	getImportBatch,
	listImportBatches,
	stageImport
} from '../../../src/lib/server/organisation-import/batches';
import { GET as downloadTemplate } from '../../../src/routes/to-chuc/nhap/mau/[tep]/+server';
import { importedRows } from './snapshot';
import { organisationFile, PROVINCE_AGENCIES, PROVINCE_PEOPLE } from './workbooks';

const NOW = new Date('2026-11-20T03:00:00Z');
let h: DbHandle;
let who: { userId: number; actor: string; ip: string };

beforeAll(async () => {
	h = await openTestDb();
	const u = await h.db
		.insertInto('users')
		.values({ username: 'thanhtra', display_name: 'Thanh tra', password_hash: 'x' })
		.returning('id')
		.executeTakeFirstOrThrow();
	who = { userId: u.id, actor: 'thanhtra', ip: '10.0.0.7' };
});
afterAll(async () => h?.close());

const errorOf = (p: Promise<unknown>) =>
	p.then(
		() => null,
		(e: unknown) => e as AppError
	);

describe('staged organisation imports', () => {
	it('keeps the upload with its preview, refuses to apply after a concurrent change, then applies once', async () => {
		const bytes = await organisationFile(PROVINCE_AGENCIES, PROVINCE_PEOPLE);
		const id = await stageImport(h.db, 'organisation', { name: 'to-chuc.xlsx', bytes }, who, NOW);
		const staged = (await getImportBatch(h.db, id))!;
		expect(staged).toMatchObject({ kind: 'organisation', status: 'pending', createdBy: 'thanhtra' });
		expect(staged.preview.counts.agency).toMatchObject({ new: 6 });
		expect(
			await h.db
				.selectFrom('audit_log')
				.select(['action', 'entity_id'])
				.where('action', 'like', 'organisation.%')
				.execute()
		).toEqual([{ action: 'organisation.import_stage', entity_id: String(id) }]);

		// Someone creates SYT by hand between the preview and the click on "Áp dụng".
		await sql`insert into agencies (code, name, kind, path) values ('SYT', 'Sở Y tế (tạo tay)', 'external', '/')`.execute(
			h.db
		);
		const before = await importedRows(h.db);
		const conflict = await errorOf(applyImportBatch(h.db, id, who));
		expect(conflict).toBeInstanceOf(AppError);
		expect(conflict!.code).toBe('CONFLICT');
		expect(conflict!.message).toContain('đã thay đổi từ lúc xem trước');
		expect(await importedRows(h.db)).toEqual(before);
		const refreshed = (await getImportBatch(h.db, id))!;
		expect(refreshed.status).toBe('pending');
		expect(refreshed.preview.fingerprint).not.toBe(staged.preview.fingerprint);
		expect(refreshed.preview.entries.find((e) => e.key === 'SYT')).toMatchObject({
			action: 'changed',
			changes: expect.arrayContaining([{ field: 'Tên', before: 'Sở Y tế (tạo tay)', after: 'Sở Y tế' }])
		});

		// Confirmed again, on the refreshed preview: applied, the hand-made SYT corrected by the file.
		await applyImportBatch(h.db, id, who);
		const done = (await getImportBatch(h.db, id))!;
		expect(done.status).toBe('committed');
		expect(
			await h.db
				.selectFrom('agencies')
				.select(['name', 'kind'])
				.where('code', '=', 'SYT')
				.executeTakeFirstOrThrow()
		).toEqual({
			name: 'Sở Y tế',
			kind: 'department'
		});
		expect(
			await h.db.selectFrom('import_batch_files').select('id').where('batch_id', '=', id).execute()
		).toEqual([]);
		const applied = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'organisation.import')
			.executeTakeFirstOrThrow();
		expect(applied).toMatchObject({
			entity_type: 'import_batch',
			entity_id: String(id),
			user_id: who.userId
		});
		expect(applied.details).toMatchObject({ file: 'to-chuc.xlsx', sha256: staged.preview.file.sha256 });

		const twice = await errorOf(applyImportBatch(h.db, id, who));
		expect(twice!.code).toBe('CONFLICT');
		expect(twice!.message).toContain('đã được áp dụng hoặc hủy');
	});

	it('stages a file with errors for the preview, refuses to apply it, and audits its discarding', async () => {
		const bytes = await organisationFile([['X1', 'X', null, 'Không rõ', 'DT']], []);
		const id = await stageImport(h.db, 'organisation', { name: 'loi.xlsx', bytes }, who, NOW);
		const staged = (await getImportBatch(h.db, id))!;
		expect(staged.preview.issues).toContainEqual(
			expect.objectContaining({ severity: 'error', sheet: 'Cơ quan', row: 2, column: 'D', header: 'Loại' })
		);
		const before = await importedRows(h.db);
		expect((await errorOf(applyImportBatch(h.db, id, who)))!.code).toBe('IMPORT_FAILED');
		expect(await importedRows(h.db)).toEqual(before);
		await discardImportBatch(h.db, id, who);
		expect((await getImportBatch(h.db, id))!.status).toBe('discarded');
		expect(
			await h.db
				.selectFrom('audit_log')
				.select('action')
				.where('entity_id', '=', String(id))
				.orderBy('id')
				.execute()
		).toEqual([{ action: 'organisation.import_stage' }, { action: 'organisation.import_discard' }]);
		const list = await listImportBatches(h.db);
		expect(list.map((b) => [b.id, b.status, b.fileName, b.createdBy])).toEqual([
			[id, 'discarded', 'loi.xlsx', 'thanhtra'],
			[id - 1, 'committed', 'to-chuc.xlsx', 'thanhtra']
		]);
	});

	it('refuses a file that is not .xlsx by name before reading it', async () => {
		const e = await errorOf(
			stageImport(h.db, 'subscribers', { name: 'thue-bao.csv', bytes: new Uint8Array([1]) }, who, NOW)
		);
		expect(e!.message).toBe('Tệp "thue-bao.csv" không phải bảng tính .xlsx.');
	});

	it('serves both blank templates, and nothing else', async () => {
		const res = await downloadTemplate({ params: { tep: 'mau-danh-sach-thue-bao.xlsx' } } as never);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="mau-danh-sach-thue-bao.xlsx"');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await res.arrayBuffer()) as never);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Thuê bao', 'Danh mục', 'Hướng dẫn']);
		await expect(downloadTemplate({ params: { tep: 'khac.xlsx' } } as never)).rejects.toMatchObject({
			status: 404
		});
	});
});
