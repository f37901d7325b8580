// Lists search without diacritics or case ("nguyen thi" finds "Nguyễn Thị", "d" finds "đ"), sort
// by the column asked for with a stable tie-break, and export to Excel with the same filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { buildOrg, type Org } from '../organisation/fixtures';
import { listPeople, peopleFilterSchema } from '../../../src/lib/server/organisation/people-queries';
import { listFindings, parseFindingFilters } from '../../../src/lib/server/findings/queries';
import { searchAudit } from '../../../src/lib/server/audit/browse';
import {
	listCertificates,
	certificateFilterSchema
} from '../../../src/lib/server/inventory/certificate-list';
import { listRequests } from '../../../src/lib/server/requests/queries';
import { listArchivedDocuments } from '../../../src/lib/server/document-archive/queries';
import { listInspections } from '../../../src/lib/server/inspections/service';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { writeListExport } from '../../../src/lib/server/reports/ad-hoc-export';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';

let h: DbHandle;
let o: Org;
const all: AgencyScope = { kind: 'all' };
const PEOPLE = ['Nguyễn Thị Đào', 'NGUYỄN THỊ HOA', 'Trần Văn Đức', 'Lê Thị Nguyệt', 'Nguyen Thi Binh'];

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	const { A, B } = o.agencies;
	await h.db
		.insertInto('people')
		.values(
			PEOPLE.map((full_name, i) => ({
				full_name,
				title: i % 2 ? 'Chuyên viên' : 'Trưởng phòng',
				agency_id: i < 3 ? A.id : B.id
			}))
		)
		.execute();
	const finding = (summary: string, severity: 'low' | 'high', agency: number, i: number) => ({
		dedupe_key: `test:${i}`,
		kind: 'expiring_soon',
		severity,
		legal_basis: 'Điều 12',
		summary,
		agency_id: agency
	});
	await h.db
		.insertInto('findings')
		.values([
			finding('Chứng thư của Nguyễn Thị Đào sắp hết hạn', 'high', A.id, 1),
			finding('Chứng thư của Trần Văn Đức sắp hết hạn', 'low', A.id, 2),
			finding('Chứng thư của Lê Thị Nguyệt sắp hết hạn', 'low', B.id, 3)
		])
		.execute();
	const [dao] = await h.db
		.selectFrom('people')
		.select('id')
		.where('full_name', '=', 'Nguyễn Thị Đào')
		.execute();
	const cert = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: 'ab'.repeat(32),
			serial_number: '0102',
			issuer_dn: 'CN=Test CA',
			subject_dn: 'CN=Nguyễn Thị Đào',
			subject_cn: 'Nguyễn Thị Đào',
			kind: 'individual',
			not_before: '2026-01-01T00:00:00Z',
			not_after: '2028-01-01T00:00:00Z',
			der: new Uint8Array([1]),
			agency_id: A.id,
			person_id: dao!.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db
		.insertInto('lifecycle_requests')
		.values([
			{ kind: 'issue', agency_id: A.id, person_id: dao!.id, submitted_at: '2026-03-01T00:00:00Z' },
			{
				kind: 'revoke',
				agency_id: B.id,
				certificate_id: cert.id,
				reference_number: '15/ĐN-B',
				submitted_at: '2026-03-02T00:00:00Z'
			}
		])
		.execute();
	await h.db
		.insertInto('document_contents')
		.values({ sha256: 'cd'.repeat(32), size_bytes: 1, content: new Uint8Array([1]) })
		.execute();
	await h.db
		.insertInto('archived_documents')
		.values({
			content_sha256: 'cd'.repeat(32),
			format: 'pdf',
			file_name: 'Quyết định điều động.pdf',
			document_number: '12/QĐ-UBND',
			issuing_agency_id: A.id,
			received_at: '2026-03-01T00:00:00Z',
			source_system: 'test',
			source_id: '1'
		})
		.execute();
	await h.db
		.insertInto('inspections')
		.values({ agency_id: B.id, title: 'Thanh tra việc quản lý chữ ký số', started_on: '2026-03-01' })
		.execute();
	await recordAudit(h.db, {
		userId: null,
		actor: 'Đặng Thị Ánh',
		ip: null,
		action: 'test.search',
		entityType: 'test',
		details: {}
	});
});
afterAll(() => h?.close());

const people = (query: Record<string, string>, scope: AgencyScope = all) =>
	listPeople(h.db, scope, peopleFilterSchema.parse(query)).then((r) => r.rows.map((p) => p.full_name));
const findings = (query: Record<string, string>) =>
	listFindings(h.db, all, parseFindingFilters(new URLSearchParams(query))).then((r) =>
		r.rows.map((f) => f.summary)
	);

describe('search ignores diacritics and case', () => {
	it('people: "nguyen thi" finds Nguyễn Thị in any case, typed with or without accents', async () => {
		const expected = ['Nguyễn Thị Đào', 'NGUYỄN THỊ HOA', 'Nguyen Thi Binh'].sort();
		expect((await people({ q: 'nguyen thi' })).sort()).toEqual(expected);
		expect((await people({ q: 'NGUYỄN THỊ' })).sort()).toEqual(expected);
		expect((await people({ q: 'Nguyễn Thị'.normalize('NFD') })).sort()).toEqual(expected);
		expect(await people({ q: 'dao' })).toEqual(['Nguyễn Thị Đào']);
		expect(await people({ q: 'đức' })).toEqual(['Trần Văn Đức']);
		expect(await people({ q: 'nguyet' })).toEqual(['Lê Thị Nguyệt']);
		expect(await people({ q: '%' })).toEqual([]);
	});

	it('people: the search stays inside the viewer scope', async () => {
		const { B } = o.agencies;
		expect(await people({ q: 'nguyen thi' }, { kind: 'subtree', agencyId: B.id, path: B.path })).toEqual([
			'Nguyen Thi Binh'
		]);
	});

	it('findings: the summary is searched without accents', async () => {
		expect(await findings({ q: 'tran van duc', 'trang-thai': 'all' })).toEqual([
			'Chứng thư của Trần Văn Đức sắp hết hạn'
		]);
		expect(await findings({ q: 'CHUNG THU' })).toHaveLength(3);
	});

	it('certificates: the subscriber name is searched without accents', async () => {
		const r = await listCertificates(h.db, all, certificateFilterSchema.parse({ q: 'nguyen thi dao' }));
		expect(r.rows.map((c) => c.subject_cn)).toEqual(['Nguyễn Thị Đào']);
	});

	it('requests: person, agency, reference number and certificate are searched without accents', async () => {
		const kinds = async (q: string) =>
			(await listRequests(h.db, all, { q }, new Date())).rows.map((r) => r.kind).sort();
		expect(await kinds('nguyen thi dao')).toEqual(['issue', 'revoke']); // the person; the certificate
		expect(await kinds('15/dn')).toEqual(['revoke']);
		expect(await kinds('co quan b')).toEqual(['revoke']);
	});

	it('archive: the file name and document number are searched without accents', async () => {
		const names = async (q: string) =>
			(await listArchivedDocuments(h.db, all, { q })).rows.map((d) => d.fileName);
		expect(await names('quyet dinh dieu dong')).toEqual(['Quyết định điều động.pdf']);
		expect(await names('qđ-ubnd')).toEqual(['Quyết định điều động.pdf']);
		expect(await names('cong van')).toEqual([]);
	});

	it('inspections: the title and agency are searched without accents', async () => {
		const titles = async (q: string) => (await listInspections(h.db, all, { q })).map((i) => i.title);
		expect(await titles('quan ly chu ky so')).toEqual(['Thanh tra việc quản lý chữ ký số']);
		expect(await titles('CƠ QUAN B')).toEqual(['Thanh tra việc quản lý chữ ký số']);
		expect(await titles('co quan a')).toEqual([]);
	});

	it('audit log: the actor is searched without accents', async () => {
		const r = await searchAudit(h.db, { actor: 'dang thi anh' });
		expect(r.rows.map((a) => a.actor)).toEqual(['Đặng Thị Ánh']);
	});
});

describe('sort by a column header', () => {
	it('people: by name either way, by agency with the id as tie-break', async () => {
		const asc = await people({ sap: 'name', chieu: 'asc' });
		const desc = await people({ sap: 'name', chieu: 'desc' });
		expect(desc).toEqual([...asc].reverse());
		// Accents and case do not decide the order, whatever the database's collation.
		expect(asc).toEqual([
			'Lê Thị Nguyệt',
			'Nguyen Thi Binh',
			'Nguyễn Thị Đào',
			'NGUYỄN THỊ HOA',
			'Trần Văn Đức'
		]);
		const byAgency = await listPeople(h.db, all, peopleFilterSchema.parse({ sap: 'agency', chieu: 'desc' }));
		// Cơ quan B before Cơ quan A; within one agency, ids descending.
		expect(byAgency.rows.map((p) => p.agency_id)).toEqual([
			o.agencies.B.id,
			o.agencies.B.id,
			o.agencies.A.id,
			o.agencies.A.id,
			o.agencies.A.id
		]);
		const ids = byAgency.rows.map((p) => p.id);
		expect(ids.slice(0, 2)).toEqual([...ids.slice(0, 2)].sort((a, b) => b - a));
		expect(ids.slice(2)).toEqual([...ids.slice(2)].sort((a, b) => b - a));
	});

	it('people: an unknown column is refused as a filter, not run as SQL', () => {
		expect(peopleFilterSchema.safeParse({ sap: 'full_name; drop table people' }).success).toBe(false);
	});

	it('findings: by severity, by summary, and the default when the column is unknown', async () => {
		expect(await findings({ sap: 'summary', chieu: 'desc' })).toEqual([
			'Chứng thư của Trần Văn Đức sắp hết hạn',
			'Chứng thư của Nguyễn Thị Đào sắp hết hạn',
			'Chứng thư của Lê Thị Nguyệt sắp hết hạn'
		]);
		const bySeverity = await findings({ sap: 'severity', chieu: 'asc' });
		expect(bySeverity[0]).toBe('Chứng thư của Nguyễn Thị Đào sắp hết hạn');
		expect((await findings({ sap: 'nope' }))[0]).toBe('Chứng thư của Nguyễn Thị Đào sắp hết hạn');
	});
});

async function exportSheet(list: string, query: Record<string, string>) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const r = await writeListExport(h.db, { list, params: new URLSearchParams(query), scope: all }, out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	const rows: unknown[][] = [];
	wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return { rows, count: r.rows };
}

describe('Excel export of the new lists', () => {
	it('people: the filtered, sorted rows under the headers, status in words', async () => {
		const { rows, count } = await exportSheet('people', { q: 'nguyen thi', sap: 'name', chieu: 'desc' });
		expect(count).toBe(3);
		const header = rows.findIndex((r) => r.includes('Họ và tên'));
		expect(rows[header]).toContain('Cơ quan, đơn vị');
		const name = rows[header]!.indexOf('Họ và tên');
		expect(rows.slice(header + 1, header + 4).map((r) => r[name])).toEqual([
			'NGUYỄN THỊ HOA',
			'Nguyễn Thị Đào',
			'Nguyen Thi Binh'
		]);
		expect(rows[header + 1]).toContain('Đang công tác');
		expect(rows.some((r) => String(r[0]).includes('Tìm kiếm: nguyen thi'))).toBe(true);
	});

	it('findings: severity, kind and status in words', async () => {
		const { rows, count } = await exportSheet('findings', { q: 'dao' });
		expect(count).toBe(1);
		const header = rows.findIndex((r) => r.includes('Mức độ'));
		expect(rows[header]).toEqual(expect.arrayContaining(['Loại cảnh báo', 'Nội dung', 'Trạng thái']));
		const row = rows[header + 1]!;
		expect(row[rows[header]!.indexOf('Mức độ')]).toBe('Cao');
		expect(row[rows[header]!.indexOf('Nội dung')]).toBe('Chứng thư của Nguyễn Thị Đào sắp hết hạn');
		expect(row).not.toContain('high');
		expect(row).not.toContain('open');
	});
});
