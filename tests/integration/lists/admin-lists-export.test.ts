// The agencies list, the audit log, the users list and the job runs: sortable by a whitelisted
// column (an unknown one falls back), searched without accents or case, and exported to Excel with
// the same filters, search and sort, in the viewer's scope; a role that may not open the page gets
// FORBIDDEN (403), not rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { buildOrg, type Org } from '../organisation/fixtures';
import { agencyFilterSchema, listAgencies } from '../../../src/lib/server/inventory/agency-list';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { parseAuditFilter, searchAudit } from '../../../src/lib/server/audit/browse';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { searchUsers, userFilterSchema } from '../../../src/lib/server/auth/user-list';
import { runFilterSchema, searchRuns } from '../../../src/lib/server/jobs/run-list';
import {
	exportList,
	findList,
	listRows,
	startListExport,
	writeListExport
} from '../../../src/lib/server/reports/ad-hoc-export';
import { listsHiddenFrom } from '../../../src/lib/server/reports/export-access';
import { getReportContent, listReports } from '../../../src/lib/server/reports/report-archive';
import type { AgencyScope, Role } from '../../../src/lib/server/auth/roles';
import { isAppError } from '../../../src/lib/errors';

let h: DbHandle;
let o: Org;
const all: AgencyScope = { kind: 'all' };
const ids: Record<string, number> = {};

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	const { P, A, A1, B } = o.agencies;
	const agency = async (code: string, name: string, parent: { id: number; path: string }) => {
		const a = await h.db
			.insertInto('agencies')
			.values({ code, name, kind: 'department', parent_id: parent.id, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.updateTable('agencies')
			.set({ path: `${parent.path}${a.id}/` })
			.where('id', '=', a.id)
			.execute();
		ids[code] = a.id;
	};
	await agency('SYT', 'Sở Y tế', P);
	await agency('STP', 'Sở Tư pháp', P);
	// People: A has 1 of its own and A1's 2, so 3 over its subtree; B has 1.
	await h.db
		.insertInto('people')
		.values([
			{ full_name: 'Người A', title: 'Chuyên viên', agency_id: A.id },
			{ full_name: 'Người A1 thứ nhất', title: 'Chuyên viên', agency_id: A1.id },
			{ full_name: 'Người A1 thứ hai', title: 'Chuyên viên', agency_id: A1.id },
			{ full_name: 'Người B', title: 'Chuyên viên', agency_id: B.id }
		])
		.execute();
	await h.db
		.insertInto('findings')
		.values({
			dedupe_key: 'test:b',
			kind: 'expiring_soon',
			severity: 'high',
			legal_basis: 'Điều 12',
			summary: 'Chứng thư sắp hết hạn',
			agency_id: B.id
		})
		.execute();

	// Users.
	const user = async (username: string, display_name: string, agency_id: number | null, active = true) => {
		const u = await h.db
			.insertInto('users')
			.values({ username, display_name, password_hash: 'x', agency_id, active })
			.returning('id')
			.executeTakeFirstOrThrow();
		ids[username] = u.id;
		return u.id;
	};
	const an = await user('nguyen.van.an', 'Nguyễn Văn An', A.id);
	const bich = await user('tran.thi.bich', 'TRẦN THỊ BÍCH', B.id, false);
	await user('le.minh', 'Lê Minh', null);
	await h.db
		.insertInto('user_roles')
		.values([
			{ user_id: an, role: 'agency_officer' },
			{ user_id: bich, role: 'agency_officer' },
			{ user_id: ids['le.minh']!, role: 'admin' }
		])
		.execute();

	// Audit entries (the chain is written through recordAudit).
	await recordAudit(h.db, { actor: 'Đặng Thị Ánh', action: 'auth.sign_in', entityType: 'user', entityId: 1 });
	await recordAudit(h.db, {
		actor: 'Trần Văn Bình',
		action: 'certificate.download',
		entityType: 'certificate',
		entityId: 42
	});
	await recordAudit(h.db, { actor: 'Ánh Dương', action: 'auth.sign_out', entityType: 'user', entityId: 2 });

	// Job runs.
	await h.db
		.insertInto('job_runs')
		.values([
			{
				job_name: 'expiry-scan',
				trigger: 'schedule',
				status: 'succeeded',
				counts: JSON.stringify({ seen: 3 })
			},
			{ job_name: 'revocation-scan', trigger: 'manual', status: 'failed', error: 'Không tải được CRL' },
			{ job_name: 'expiry-scan', trigger: 'manual', status: 'failed', error: 'Hết thời gian chờ' }
		])
		.execute();
});

afterAll(async () => {
	await h?.close();
});

async function exportSheet(list: string, query: Record<string, string>, roles: Role[], scope = all) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const r = await writeListExport(h.db, { list, params: new URLSearchParams(query), scope, roles }, out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	const ws = wb.worksheets[0]!;
	const rows: unknown[][] = [];
	ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return { rows, count: r.rows, ws };
}

/** The values of column `header` in the data rows under it. */
function column(rows: unknown[][], header: string, count: number): unknown[] {
	const at = rows.findIndex((r) => r.includes(header));
	expect(at, `header ${header}`).toBeGreaterThanOrEqual(0);
	const col = rows[at]!.indexOf(header);
	return rows.slice(at + 1, at + 1 + count).map((r) => r[col]);
}

/** The code of the refusal of an export, or null when it was allowed. */
function refusedWith(list: string, roles: Role[] | undefined): string | null {
	try {
		startListExport(h.db, { list, params: new URLSearchParams(), scope: all, roles }).body.destroy();
		return null;
	} catch (e) {
		if (!isAppError(e)) throw e;
		return `${e.code} ${e.status}`;
	}
}

const agencies = (query: Record<string, string>, scope = all) =>
	listAgencies(h.db, scope, parseQuery(agencyFilterSchema, new URLSearchParams(query)).value);

describe('agencies (/co-quan)', () => {
	it('is the tree when nothing is asked, a flat list under a search without accents', async () => {
		const tree = await agencies({});
		expect(tree.mode).toBe('tree');
		expect(tree.rows[0]!.name).toBe('Cơ quan P');
		expect(tree.rows.find((r) => r.name === 'Cơ quan A1')!.depth).toBe(2);
		const found = await agencies({ q: 'so y te' });
		expect(found.mode).toBe('flat');
		expect(found.rows.map((r) => r.name)).toEqual(['Sở Y tế']);
		expect((await agencies({ q: 'SỞ' })).rows.map((r) => r.name)).toEqual(['Sở Tư pháp', 'Sở Y tế']);
		// By code too.
		expect((await agencies({ q: 'stp' })).rows.map((r) => r.name)).toEqual(['Sở Tư pháp']);
	});

	it('sorts by a count over the subtree, the same counts as the tree', async () => {
		const byPeople = await agencies({ sap: 'people', chieu: 'desc' });
		expect(byPeople.mode).toBe('flat');
		expect(byPeople.rows.slice(0, 4).map((r) => [r.name, r.people])).toEqual([
			['Cơ quan P', 4],
			['Cơ quan A', 3],
			['Cơ quan A1', 2],
			['Cơ quan B', 1]
		]);
		const tree = await agencies({});
		const treeCounts = new Map(tree.rows.map((r) => [r.id, [r.people, r.open_findings, r.tokens]]));
		for (const r of byPeople.rows)
			expect([r.people, r.open_findings, r.tokens]).toEqual(treeCounts.get(r.id));
		const byName = (await agencies({ sap: 'name', chieu: 'asc' })).rows.map((r) => r.name);
		expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'vi')));
		const desc = (await agencies({ sap: 'name', chieu: 'desc' })).rows.map((r) => r.name);
		expect(desc).toEqual([...byName].reverse());
	});

	it('falls back to the tree on a column it does not sort by, and hides inactive agencies on request', async () => {
		const r = parseQuery(agencyFilterSchema, new URLSearchParams({ sap: 'path; drop table agencies' }));
		expect(r.invalid).toEqual(['sap']);
		expect((await listAgencies(h.db, all, r.value)).mode).toBe('tree');
		expect((await agencies({})).rows.some((a) => a.name === 'Cơ quan X')).toBe(true);
		expect((await agencies({ active: '1' })).rows.some((a) => a.name === 'Cơ quan X')).toBe(false);
		expect((await agencies({ active: '1', sap: 'code' })).rows.some((a) => a.name === 'Cơ quan X')).toBe(
			false
		);
	});

	it("exports the search and sort, kinds in words, in an officer's subtree only", async () => {
		const { rows, count } = await exportSheet('agencies', { q: 'so', sap: 'name', chieu: 'desc' }, [
			'leader'
		]);
		expect(count).toBe(2);
		expect(column(rows, 'Tên cơ quan, đơn vị', 2)).toEqual(['Sở Y tế', 'Sở Tư pháp']);
		expect(column(rows, 'Loại', 2)).toEqual(['Sở, ban, ngành', 'Sở, ban, ngành']);
		expect(column(rows, 'Cơ quan cấp trên', 1)).toEqual(['Cơ quan P']);
		expect(rows.some((r) => String(r[0]).includes('Tìm kiếm (tên hoặc mã): so'))).toBe(true);

		const officer = o.users.officerA.scope;
		const mine = await exportSheet('agencies', {}, ['agency_officer'], officer);
		expect(mine.count).toBe(2);
		expect(column(mine.rows, 'Tên cơ quan, đơn vị', 2)).toEqual(['Cơ quan A', 'Cơ quan A1']);
		expect(column(mine.rows, 'Cán bộ', 2)).toEqual([3, 2]);
		const none = await exportSheet('agencies', { q: 'co quan b' }, ['agency_officer'], officer);
		expect(none.count).toBe(0);
	});
});

describe('audit log (/nhat-ky)', () => {
	const audit = (query: Record<string, string>) =>
		searchAudit(h.db, parseAuditFilter(new URLSearchParams(query))).then((r) => r.rows);

	it('searches the actor, and the action and target in words, without accents', async () => {
		expect((await audit({ q: 'dang thi anh' })).map((r) => r.actor)).toEqual(['Đặng Thị Ánh']);
		// "Đăng nhập" is auth.sign_in in words; "đăng xuất" is not it.
		expect((await audit({ q: 'dang nhap' })).map((r) => r.action)).toEqual(['auth.sign_in']);
		expect((await audit({ q: 'TẢI CHỨNG THƯ' })).map((r) => r.actor)).toEqual(['Trần Văn Bình']);
		// The target in words ("Tài khoản" is a user) and its id.
		expect((await audit({ q: 'tai khoan' })).map((r) => r.actor)).toEqual(['Ánh Dương', 'Đặng Thị Ánh']);
		expect((await audit({ q: '42' })).map((r) => r.actor)).toEqual(['Trần Văn Bình']);
	});

	it('sorts by actor and by action in words, newest first otherwise or on an unknown column', async () => {
		const mine = (rows: { actor: string }[]) =>
			rows.map((r) => r.actor).filter((a) => ['Đặng Thị Ánh', 'Trần Văn Bình', 'Ánh Dương'].includes(a));
		expect(mine(await audit({ sap: 'actor', chieu: 'asc' }))).toEqual([
			'Ánh Dương',
			'Đặng Thị Ánh',
			'Trần Văn Bình'
		]);
		// Đăng nhập < Đăng xuất < Tải chứng thư.
		expect(mine(await audit({ sap: 'action', chieu: 'asc' }))).toEqual([
			'Đặng Thị Ánh',
			'Ánh Dương',
			'Trần Văn Bình'
		]);
		const newest = mine(await audit({}));
		expect(newest).toEqual(['Ánh Dương', 'Trần Văn Bình', 'Đặng Thị Ánh']);
		expect(mine(await audit({ sap: 'id; drop table audit_log', chieu: 'asc' }))).toEqual(newest);
	});

	it('exports every entry across pages, newest first by id or in a sort by offset', async () => {
		const list = findList('audit');
		const walk = async (query: Record<string, string>, batch: number) => {
			const out: unknown[] = [];
			const f = list.parseFilters(new URLSearchParams(query));
			for await (const row of listRows(h.db, all, list, f, batch)) out.push(row.id);
			return out;
		};
		const everything = await walk({}, 1000);
		expect(everything.length).toBeGreaterThanOrEqual(3);
		expect(everything).toEqual([...everything].sort((a, b) => Number(b) - Number(a)));
		// Pages of one and two rows: the same entries, none twice.
		expect(await walk({}, 1)).toEqual(everything);
		expect(await walk({}, 2)).toEqual(everything);
		const byActor = await walk({ sap: 'actor', chieu: 'desc' }, 1000);
		expect(await walk({ sap: 'actor', chieu: 'desc' }, 2)).toEqual(byActor);
		expect([...byActor].sort()).toEqual([...everything].sort());
	});

	it('exports the entries in words, the time as a date cell; only for who may open the page', async () => {
		const { rows, count, ws } = await exportSheet('audit', { q: 'anh', sap: 'actor', chieu: 'asc' }, [
			'inspector'
		]);
		expect(count).toBe(2);
		expect(column(rows, 'Người thực hiện', 2)).toEqual(['Ánh Dương', 'Đặng Thị Ánh']);
		expect(column(rows, 'Hành động', 2)).toEqual(['Đăng xuất', 'Đăng nhập']);
		expect(column(rows, 'Đối tượng', 2)).toEqual(['Tài khoản', 'Tài khoản']);
		expect(rows.flat()).not.toContain('auth.sign_in');
		const at = column(rows, 'Thời điểm', 1)[0];
		expect(at).toBeInstanceOf(Date);
		expect(ws.name).toBeTruthy();
		expect(refusedWith('audit', ['admin'])).toBeNull();
		expect(refusedWith('audit', ['leader'])).toBe('FORBIDDEN 403');
		expect(refusedWith('audit', ['agency_officer'])).toBe('FORBIDDEN 403');
		expect(refusedWith('audit', undefined)).toBe('FORBIDDEN 403');
	});
});

describe('users (/quan-tri/nguoi-dung)', () => {
	const users = async (query: Record<string, string>) =>
		(await searchUsers(h.db, parseQuery(userFilterSchema, new URLSearchParams(query)).value)).map(
			(u) => u.displayName
		);

	it('searches name, username and agency without accents or case', async () => {
		expect(await users({ q: 'nguyen van' })).toEqual(['Nguyễn Văn An']);
		expect(await users({ q: 'trần thị bích' })).toEqual(['TRẦN THỊ BÍCH']);
		expect(await users({ q: 'co quan b' })).toEqual(['TRẦN THỊ BÍCH']);
		expect(await users({ q: 'le.minh' })).toEqual(['Lê Minh']);
	});

	it('sorts by name, by status; an unknown column is the username order', async () => {
		expect(await users({ sap: 'name', chieu: 'asc' })).toEqual(['Lê Minh', 'Nguyễn Văn An', 'TRẦN THỊ BÍCH']);
		expect(await users({ sap: 'name', chieu: 'desc' })).toEqual([
			'TRẦN THỊ BÍCH',
			'Nguyễn Văn An',
			'Lê Minh'
		]);
		expect((await users({ sap: 'status', chieu: 'desc' }))[0]).toBe('TRẦN THỊ BÍCH');
		expect(await users({ sap: 'password_hash' })).toEqual(await users({}));
		expect(await users({})).toEqual(['Lê Minh', 'Nguyễn Văn An', 'TRẦN THỊ BÍCH']);
	});

	it('exports roles and status in words, to administrators only', async () => {
		const { rows, count } = await exportSheet('users', { q: 'van an', sap: 'username', chieu: 'asc' }, [
			'admin'
		]);
		expect(count).toBe(1);
		expect(column(rows, 'Họ và tên', 1)).toEqual(['Nguyễn Văn An']);
		expect(column(rows, 'Vai trò', 1)).toEqual(['Cán bộ cơ quan, đơn vị']);
		expect(column(rows, 'Cơ quan, đơn vị', 1)).toEqual(['Cơ quan A']);
		const everyone = await exportSheet('users', { sap: 'status', chieu: 'desc' }, ['admin']);
		expect(column(everyone.rows, 'Trạng thái', 1)).toEqual(['Đã khóa']);
		expect(refusedWith('users', ['inspector'])).toBe('FORBIDDEN 403');
		expect(refusedWith('users', ['leader', 'report_staff'])).toBe('FORBIDDEN 403');
		expect(refusedWith('users', ['admin'])).toBeNull();
	});
});

describe('job runs (/tac-vu)', () => {
	const runs = async (query: Record<string, string>) =>
		(await searchRuns(h.db, parseQuery(runFilterSchema, new URLSearchParams(query)).value)).rows.map(
			(r) => `${r.job_name} ${r.status}`
		);

	it('searches the job by its title without accents, filters by status', async () => {
		expect(await runs({ q: 'quet chung thu sap het han' })).toEqual([
			'expiry-scan failed',
			'expiry-scan succeeded'
		]);
		expect(await runs({ q: 'expiry', status: 'succeeded' })).toEqual(['expiry-scan succeeded']);
		expect(await runs({ status: 'failed' })).toEqual(['expiry-scan failed', 'revocation-scan failed']);
	});

	it('sorts by status in words, id tie-break; an unknown column is newest first', async () => {
		// "Thành công" before "Thất bại"; the two failures by id.
		expect(await runs({ sap: 'status', chieu: 'asc' })).toEqual([
			'expiry-scan succeeded',
			'revocation-scan failed',
			'expiry-scan failed'
		]);
		expect(await runs({ sap: 'status', chieu: 'desc' })).toEqual([
			'expiry-scan failed',
			'revocation-scan failed',
			'expiry-scan succeeded'
		]);
		expect(await runs({ sap: 'job_name' })).toEqual(await runs({}));
		expect(await runs({})).toEqual(['expiry-scan failed', 'revocation-scan failed', 'expiry-scan succeeded']);
	});

	it('exports job, trigger, status and result in words, not to an agency officer', async () => {
		const { rows, count } = await exportSheet('job-runs', { q: 'quet', sap: 'id', chieu: 'asc' }, ['leader']);
		expect(count).toBeGreaterThanOrEqual(2);
		const jobs = column(rows, 'Tác vụ', count);
		expect(jobs[0]).toBe('Quét chứng thư sắp hết hạn');
		expect(rows.flat()).not.toContain('expiry-scan');
		expect(column(rows, 'Trạng thái', 1)).toEqual(['Thành công']);
		expect(column(rows, 'Khởi động bởi', 1)).toEqual(['Theo lịch']);
		expect(String(column(rows, 'Kết quả', 1)[0])).toContain('3');
		const list = findList('job-runs');
		const walk = async (batch: number) => {
			const out: unknown[] = [];
			const f = list.parseFilters(new URLSearchParams({ sap: 'status', chieu: 'asc' }));
			for await (const row of listRows(h.db, all, list, f, batch)) out.push(row.id);
			return out;
		};
		expect(await walk(1)).toEqual(await walk(1000));
		expect((await walk(2)).length).toBe(3);
		expect(refusedWith('job-runs', ['agency_officer'])).toBe('FORBIDDEN 403');
		expect(refusedWith('job-runs', ['report_staff'])).toBe('FORBIDDEN 403');
		expect(refusedWith('job-runs', ['inspector'])).toBeNull();
	});
});

describe('the archive of exports', () => {
	it("keeps an administrator's export of the users from a leader, and from an inspector", async () => {
		const { report } = await exportList(h.db, {
			list: 'users',
			params: new URLSearchParams(),
			scope: all,
			roles: ['admin'],
			actor: 'admin'
		});
		const listed = async (roles: Role[]) =>
			(await listReports(h.db, all, { hiddenLists: listsHiddenFrom(roles) })).rows.map((r) => r.id);
		expect(await listed(['admin'])).toContain(report.id);
		expect(await listed(['leader'])).not.toContain(report.id);
		expect(await listed(['inspector'])).not.toContain(report.id);
		expect(await getReportContent(h.db, all, report.id, listsHiddenFrom(['admin']))).not.toBeNull();
		expect(await getReportContent(h.db, all, report.id, listsHiddenFrom(['leader']))).toBeNull();
		expect(listsHiddenFrom(['inspector'])).toEqual(['users']);
		expect(listsHiddenFrom(['leader']).sort()).toEqual(['audit', 'users']);
		expect(listsHiddenFrom(['admin'])).toEqual([]);
	});
});
