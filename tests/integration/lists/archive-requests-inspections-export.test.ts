// The archive, requests, inspections and trainings lists: sort by a whitelisted header (an unknown
// one falls back to the default order), search without diacritics, and export to Excel with the
// page's filters, search, sort and the viewer's scope, read back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { buildOrg, type Org } from '../organisation/fixtures';
import { writeListExport } from '../../../src/lib/server/reports/ad-hoc-export';
import { EXPORT_LISTS } from '../../../src/lib/server/reports/lists';
import { listArchivedDocuments, parseArchiveFilters } from '../../../src/lib/server/document-archive/queries';
import { listRequests, parseRequestFilters } from '../../../src/lib/server/requests/queries';
import {
	listInspections,
	listTrainings,
	parseInspectionFilters,
	parseTrainingFilters
} from '../../../src/lib/server/inspections/list-queries';
import { viLabel } from '../../../src/lib/i18n/values';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';

let h: DbHandle;
let o: Org;
const all: AgencyScope = { kind: 'all' };
const scopeOf = (a: { id: number; path: string }): AgencyScope => ({
	kind: 'subtree',
	agencyId: a.id,
	path: a.path
});

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	const { A, A1, B } = o.agencies;

	const docs = [
		{ file: 'Quyết định điều động.pdf', number: '12/QĐ-UBND', agency: A.id, at: '2026-03-01', format: 'pdf' },
		{ file: 'Công văn số 5.p7m', number: '5/CV-SNV', agency: B.id, at: '2026-03-03', format: 'cms' },
		{ file: 'Báo cáo Đào tạo.pdf', number: null, agency: A1.id, at: '2026-03-02', format: 'pdf' }
	] as const;
	for (const [i, d] of docs.entries()) {
		const sha = String(i + 1).repeat(64);
		await h.db
			.insertInto('document_contents')
			.values({ sha256: sha, size_bytes: 1, content: new Uint8Array([i]) })
			.execute();
		const doc = await h.db
			.insertInto('archived_documents')
			.values({
				content_sha256: sha,
				format: d.format,
				file_name: d.file,
				document_number: d.number,
				issuing_agency_id: d.agency,
				received_at: `${d.at}T03:00:00Z`,
				source_system: 'test',
				source_id: String(i),
				direction: i === 2 ? 'incoming' : 'outgoing'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const indication = i === 0 ? 'TOTAL_PASSED' : i === 2 ? 'TOTAL_FAILED' : null;
		if (indication)
			await h.db
				.insertInto('document_verifications')
				.values({
					document_id: doc.id,
					validation_time: `${d.at}T04:00:00Z`,
					indication,
					report: '{}'
				})
				.execute();
	}

	const person = async (full_name: string, agency_id: number) =>
		(
			await h.db
				.insertInto('people')
				.values({ full_name, title: 'Chuyên viên', agency_id })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	await h.db
		.insertInto('lifecycle_requests')
		.values([
			{
				kind: 'issue',
				form: 'Mẫu 01',
				agency_id: A.id,
				person_id: await person('Nguyễn Thị Đào', A.id),
				submitted_at: '2026-03-01T02:00:00Z',
				due_at: '2026-03-05T10:00:00Z'
			},
			{
				kind: 'revoke',
				agency_id: B.id,
				person_id: await person('Trần Văn Đức', B.id),
				reference_number: '15/ĐN-B',
				submitted_at: '2026-03-02T02:00:00Z',
				status: 'completed',
				decided_at: '2026-03-03T02:00:00Z'
			},
			{
				kind: 'renew',
				agency_id: A1.id,
				person_id: await person('Lê Thị Nguyệt', A1.id),
				submitted_at: '2026-03-03T02:00:00Z',
				status: 'in_progress'
			}
		])
		.execute();

	await h.db
		.insertInto('inspections')
		.values([
			{
				agency_id: A.id,
				title: 'Thanh tra việc quản lý chữ ký số',
				decision_number: '01/QĐ-TTr',
				started_on: '2026-02-01',
				ended_on: '2026-02-20',
				status: 'completed'
			},
			{ agency_id: B.id, title: 'Kiểm tra thiết bị ký số', started_on: '2026-03-01', status: 'planned' },
			{
				agency_id: A1.id,
				title: 'Kiểm tra định kỳ Đơn vị A1',
				started_on: '2026-04-01',
				status: 'in_progress'
			}
		])
		.execute();

	await h.db
		.insertInto('trainings')
		.values([
			{
				title: 'Tập huấn chữ ký số',
				held_on: '2026-01-10',
				agency_id: A.id,
				participants: 30,
				topic: 'Sử dụng thiết bị ký số'
			},
			{
				title: 'Bồi dưỡng an toàn thông tin',
				held_on: '2026-02-10',
				agency_id: null,
				participants: 120,
				topic: 'An toàn'
			},
			{ title: 'Tập huấn Đơn vị B', held_on: '2026-03-10', agency_id: B.id, participants: 15 }
		])
		.execute();
});
afterAll(() => h?.close());

/** The export's header row and its data rows as objects keyed by header. */
async function exportSheet(list: string, query: Record<string, string>, scope: AgencyScope = all) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const r = await writeListExport(h.db, { list, params: new URLSearchParams(query), scope }, out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	const sheet: unknown[][] = [];
	wb.worksheets[0]!.eachRow((row) => sheet.push((row.values as unknown[]).slice(1)));
	// The workbook numbers its rows in a first column, STT.
	const headers = ['STT', ...EXPORT_LISTS[list]!.columns.map((c) => c.header)];
	const at = sheet.findIndex((row) => headers.every((name, i) => row[i] === name));
	expect(at).toBeGreaterThanOrEqual(0);
	const rows = sheet
		.slice(at + 1, at + 1 + r.rows)
		.map((row) => Object.fromEntries(headers.map((name, i) => [name, row[i] ?? null])));
	// The lines above the table (title, filters, sort), each in a merged cell: its first value.
	const lines = sheet.slice(0, at).map((row) => String(row.find(Boolean) ?? ''));
	return { rows, count: r.rows, lines };
}
const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe('archive /luu-tru', () => {
	const names = async (query: Record<string, string>, scope: AgencyScope = all) =>
		(await listArchivedDocuments(h.db, scope, parseArchiveFilters(new URLSearchParams(query)))).rows.map(
			(d) => d.fileName
		);

	it('sorts by a header either way, by default newest received first', async () => {
		expect(await names({})).toEqual(['Công văn số 5.p7m', 'Báo cáo Đào tạo.pdf', 'Quyết định điều động.pdf']);
		const asc = await names({ sap: 'file', chieu: 'asc' });
		expect(asc).toEqual(['Báo cáo Đào tạo.pdf', 'Công văn số 5.p7m', 'Quyết định điều động.pdf']);
		expect(await names({ sap: 'file', chieu: 'desc' })).toEqual([...asc].reverse());
		// Valid, failed, then never verified (last either way).
		expect(await names({ sap: 'verdict', chieu: 'asc' })).toEqual([
			'Quyết định điều động.pdf',
			'Báo cáo Đào tạo.pdf',
			'Công văn số 5.p7m'
		]);
		expect((await names({ sap: 'verdict', chieu: 'desc' })).at(-1)).toBe('Công văn số 5.p7m');
	});

	it('an unknown sort column falls back to the default order', async () => {
		expect(parseArchiveFilters(new URLSearchParams('sap=d.id;drop table x&chieu=asc')).sort).toEqual({
			column: 'received',
			direction: 'desc'
		});
		expect(await names({ sap: 'content_sha256', chieu: 'asc' })).toEqual(await names({}));
	});

	it('exports the search, sort and filters, verdicts and formats in words, dates as dates', async () => {
		const { rows, lines } = await exportSheet('archive', { q: 'BAO CAO DAO', 'dinh-dang': 'pdf' });
		expect(col(rows, 'Tệp')).toEqual(['Báo cáo Đào tạo.pdf']);
		expect(rows[0]!['Kết quả kiểm tra gần nhất']).toBe('Không hợp lệ');
		expect(rows[0]!['Định dạng']).toBe('PDF');
		expect(rows[0]!['Cơ quan ban hành']).toBe('Cơ quan A1');
		expect(rows[0]!['Chiều']).toBe(viLabel('direction', 'incoming'));
		expect(rows[0]!['Thời điểm nhận']).toBeInstanceOf(Date);
		expect(lines).toContain('Tìm kiếm: BAO CAO DAO');

		const sorted = await exportSheet('archive', { sap: 'verdict', chieu: 'asc' });
		expect(col(sorted.rows, 'Tệp')).toEqual(await names({ sap: 'verdict', chieu: 'asc' }));
		expect(col(sorted.rows, 'Kết quả kiểm tra gần nhất')).toEqual([
			'Hợp lệ',
			'Không hợp lệ',
			'Chưa kiểm tra'
		]);
		expect(sorted.lines.some((l) => l.includes('Sắp xếp theo: Kết quả kiểm tra gần nhất (tăng dần)'))).toBe(
			true
		);
	});

	it('an agency officer exports their own subtree only, as the page shows', async () => {
		const officerA = scopeOf(o.agencies.A);
		const { rows } = await exportSheet('archive', {}, officerA);
		expect(col(rows, 'Tệp')).toEqual(await names({}, officerA));
		expect(col(rows, 'Tệp')).toEqual(['Báo cáo Đào tạo.pdf', 'Quyết định điều động.pdf']);
		const bad = await exportSheet('archive', { sap: 'nope', chieu: 'sideways' }, officerA);
		expect(col(bad.rows, 'Tệp')).toEqual(col(rows, 'Tệp'));
	});
});

describe('requests /yeu-cau', () => {
	const subjects = async (query: Record<string, string>, scope: AgencyScope = all) =>
		(await listRequests(h.db, scope, parseRequestFilters(new URLSearchParams(query)), new Date())).rows.map(
			(r) => r.personName
		);

	it('sorts by subject, agency and id, with the default newest first', async () => {
		expect(await subjects({})).toEqual(['Lê Thị Nguyệt', 'Trần Văn Đức', 'Nguyễn Thị Đào']);
		const asc = await subjects({ sap: 'subject', chieu: 'asc' });
		expect(asc).toEqual(['Lê Thị Nguyệt', 'Nguyễn Thị Đào', 'Trần Văn Đức']);
		expect(await subjects({ sap: 'subject', chieu: 'desc' })).toEqual([...asc].reverse());
		expect(await subjects({ sap: 'agency', chieu: 'asc' })).toEqual([
			'Nguyễn Thị Đào',
			'Lê Thị Nguyệt',
			'Trần Văn Đức'
		]);
		expect(await subjects({ sap: 'id', chieu: 'asc' })).toEqual([
			'Nguyễn Thị Đào',
			'Trần Văn Đức',
			'Lê Thị Nguyệt'
		]);
		expect(await subjects({ sap: 'r.id desc;--', chieu: 'asc' })).toEqual(await subjects({}));
	});

	it('exports the search and sort with kinds and statuses in words', async () => {
		const { rows, lines } = await exportSheet('requests', { q: 'tran van duc' });
		expect(col(rows, 'Chứng thư / người')).toEqual(['Trần Văn Đức']);
		expect(rows[0]!['Loại yêu cầu']).toBe(viLabel('requestKind', 'revoke'));
		expect(rows[0]!['Loại yêu cầu']).not.toBe('revoke');
		expect(rows[0]!['Trạng thái']).toBe(viLabel('requestStatus', 'completed'));
		expect(rows[0]!['Số văn bản đề nghị']).toBe('15/ĐN-B');
		expect(rows[0]!['Ngày gửi']).toBeInstanceOf(Date);
		expect(lines).toContain('Tìm kiếm: tran van duc');

		const sorted = await exportSheet('requests', { sap: 'subject', chieu: 'desc' });
		expect(col(sorted.rows, 'Chứng thư / người')).toEqual([
			'Trần Văn Đức',
			'Nguyễn Thị Đào',
			'Lê Thị Nguyệt'
		]);
		// The open request of 01/03 was due on 05/03: overdue now.
		expect(sorted.rows[1]!['Quá hạn']).toBe('Quá hạn');
		expect(sorted.rows[0]!['Quá hạn']).toBeNull();
	});

	it('an agency officer exports their own subtree only', async () => {
		const officerA = scopeOf(o.agencies.A);
		const { rows } = await exportSheet('requests', { sap: 'subject', chieu: 'asc' }, officerA);
		expect(col(rows, 'Chứng thư / người')).toEqual(
			await subjects({ sap: 'subject', chieu: 'asc' }, officerA)
		);
		expect(col(rows, 'Chứng thư / người')).toEqual(['Lê Thị Nguyệt', 'Nguyễn Thị Đào']);
		const officerB = await exportSheet('requests', { q: 'nguyen' }, scopeOf(o.agencies.B));
		expect(officerB.rows).toEqual([]);
	});
});

describe('inspections /thanh-tra', () => {
	const titles = async (query: Record<string, string>, scope: AgencyScope = all) =>
		(await listInspections(h.db, scope, parseInspectionFilters(new URLSearchParams(query)))).map(
			(i) => i.title
		);

	it('sorts by start date (default, newest first), status in the order of the work, title', async () => {
		expect(await titles({})).toEqual([
			'Kiểm tra định kỳ Đơn vị A1',
			'Kiểm tra thiết bị ký số',
			'Thanh tra việc quản lý chữ ký số'
		]);
		expect(await titles({ sap: 'status', chieu: 'asc' })).toEqual([
			'Kiểm tra thiết bị ký số',
			'Kiểm tra định kỳ Đơn vị A1',
			'Thanh tra việc quản lý chữ ký số'
		]);
		expect(await titles({ sap: 'title', chieu: 'asc' })).toEqual([
			'Kiểm tra định kỳ Đơn vị A1',
			'Kiểm tra thiết bị ký số',
			'Thanh tra việc quản lý chữ ký số'
		]);
		expect(await titles({ sap: 'lead_user_id', chieu: 'asc' })).toEqual(await titles({}));
	});

	it('exports the search and status with the status in words, dates as dates', async () => {
		const { rows } = await exportSheet('inspections', { q: 'kiem tra', sap: 'started', chieu: 'asc' });
		expect(col(rows, 'Đợt kiểm tra')).toEqual(['Kiểm tra thiết bị ký số', 'Kiểm tra định kỳ Đơn vị A1']);
		expect(col(rows, 'Trạng thái')).toEqual([
			viLabel('inspectionStatus', 'planned'),
			viLabel('inspectionStatus', 'in_progress')
		]);
		expect(rows[0]!['Ngày bắt đầu']).toBeInstanceOf(Date);
		const done = await exportSheet('inspections', { 'trang-thai': 'completed' });
		expect(col(done.rows, 'Số quyết định')).toEqual(['01/QĐ-TTr']);
		expect(done.rows[0]!['Ngày kết thúc']).toBeInstanceOf(Date);
		expect(done.lines).toContain(`Trạng thái: ${viLabel('inspectionStatus', 'completed')}`);
	});

	it('an agency officer exports their own subtree only', async () => {
		const officerA = scopeOf(o.agencies.A);
		const { rows } = await exportSheet('inspections', {}, officerA);
		expect(col(rows, 'Đợt kiểm tra')).toEqual(await titles({}, officerA));
		expect(col(rows, 'Đợt kiểm tra')).toEqual([
			'Kiểm tra định kỳ Đơn vị A1',
			'Thanh tra việc quản lý chữ ký số'
		]);
	});
});

describe('trainings /thanh-tra/dao-tao', () => {
	const titles = async (query: Record<string, string>, scope: AgencyScope = all) =>
		(await listTrainings(h.db, scope, parseTrainingFilters(new URLSearchParams(query)))).map((t) => t.title);

	it('searches title, topic and agency without accents', async () => {
		expect((await titles({ q: 'TAP HUAN' })).sort()).toEqual(
			['Tập huấn chữ ký số', 'Tập huấn Đơn vị B'].sort()
		);
		expect(await titles({ q: 'an toan' })).toEqual(['Bồi dưỡng an toàn thông tin']);
		expect(await titles({ q: 'thiet bi' })).toEqual(['Tập huấn chữ ký số']); // the topic
		expect(await titles({ q: 'co quan b' })).toEqual(['Tập huấn Đơn vị B']); // the agency
		expect(await titles({ q: 'khong co' })).toEqual([]);
	});

	it('sorts by participants, by agency (province-wide last), by default newest first', async () => {
		expect(await titles({})).toEqual([
			'Tập huấn Đơn vị B',
			'Bồi dưỡng an toàn thông tin',
			'Tập huấn chữ ký số'
		]);
		expect(await titles({ sap: 'participants', chieu: 'desc' })).toEqual([
			'Bồi dưỡng an toàn thông tin',
			'Tập huấn chữ ký số',
			'Tập huấn Đơn vị B'
		]);
		expect(await titles({ sap: 'agency', chieu: 'asc' })).toEqual([
			'Tập huấn chữ ký số',
			'Tập huấn Đơn vị B',
			'Bồi dưỡng an toàn thông tin'
		]);
		expect(await titles({ sap: 'held_on', chieu: 'asc' })).toEqual(await titles({}));
	});

	it('exports the search and sort; an officer gets their subtree and the province-wide ones', async () => {
		const { rows, lines } = await exportSheet('trainings', { sap: 'participants', chieu: 'asc' });
		expect(col(rows, 'Số người tham dự')).toEqual([15, 30, 120]);
		expect(rows[2]!['Đơn vị']).toBe('Toàn tỉnh');
		expect(rows[0]!['Ngày tổ chức']).toBeInstanceOf(Date);
		expect(lines.some((l) => l.includes('Sắp xếp theo: Số người tham dự (tăng dần)'))).toBe(true);

		const officerA = scopeOf(o.agencies.A);
		const mine = await exportSheet('trainings', { q: 'tap huan' }, officerA);
		expect(col(mine.rows, 'Lớp tập huấn')).toEqual(['Tập huấn chữ ký số']);
		const all_ = await exportSheet('trainings', {}, officerA);
		expect(col(all_.rows, 'Lớp tập huấn')).toEqual(await titles({}, officerA));
		expect(col(all_.rows, 'Lớp tập huấn')).toEqual(['Bồi dưỡng an toàn thông tin', 'Tập huấn chữ ký số']);
	});
});
