// People: created in post with their first post and status, corrected, listed within the viewer's
// scope; bad input and edits outside an officer's subtree are refused and change nothing. Moves,
// title and status changes: people-history.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { createPerson, updatePerson } from '../../../src/lib/server/organisation/people';
import { changeStatus } from '../../../src/lib/server/organisation/people-history';
import { parseDay } from '../../../src/lib/server/organisation/people-input';
import { listPeople, peopleFilterSchema } from '../../../src/lib/server/organisation/people-queries';
import { buildOrg, personInput, readers, refusal, who, type Org } from './fixtures';

let h: DbHandle;
let o: Org;
let r: ReturnType<typeof readers>;
const input = (over: Partial<Record<string, string>> = {}) => personInput(o, over);
const posts = (id: number) => r.posts(id);
const person = (id: number) => r.person(id);
const lastAudit = () => r.lastAudit();
const count = (t: Parameters<typeof r.count>[0]) => r.count(t);

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	r = readers(h.db);
});
afterAll(async () => {
	await h?.close();
});

describe('dates typed in the forms', () => {
	it('reads dd/mm/yyyy and yyyy-mm-dd and refuses days that do not exist', () => {
		expect(parseDay('01/03/2026')).toBe('2026-03-01');
		expect(parseDay('1/3/2026')).toBe('2026-03-01');
		expect(parseDay('2026-03-01')).toBe('2026-03-01');
		expect(parseDay('29/02/2028')).toBe('2028-02-29');
		for (const bad of [
			'30/02/2026',
			'29/02/2026',
			'31/04/2026',
			'2026-13-01',
			'00/01/2026',
			'1/1/26',
			'hôm nay',
			''
		])
			expect(parseDay(bad), bad).toBeNull();
	});
});

describe('creating a person', () => {
	it('writes the person in post, their first post and status, and an audit entry', async () => {
		const id = await createPerson(
			h.db,
			o.users.admin,
			input({ email: 'An.Nguyen@a.gov.vn', nationalId: '087123456789', decisionNumber: '12/QĐ-A' }),
			who
		);
		expect(await person(id)).toMatchObject({
			full_name: 'Nguyễn Văn An',
			agency_id: o.agencies.A.id,
			title: 'Phó Giám đốc',
			email: 'an.nguyen@a.gov.vn',
			national_id: '087123456789',
			status: 'active',
			status_since: null
		});
		expect(await posts(id)).toEqual([
			{ agency_id: o.agencies.A.id, title: 'Phó Giám đốc', valid_from: '2025-01-01', valid_to: null }
		]);
		const statuses = await h.db
			.selectFrom('person_status_history')
			.select(['status', 'since', 'recorded_by'])
			.where('person_id', '=', id)
			.execute();
		expect(statuses).toEqual([{ status: 'active', since: '2025-01-01', recorded_by: 'thanhtra' }]);
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'person.create', entity_type: 'person', entity_id: String(id) });
		expect(audit.details).toMatchObject({
			before: null,
			after: { fullName: 'Nguyễn Văn An', agencyId: o.agencies.A.id, startDate: '2025-01-01' }
		});
	});

	it('refuses bad dates, unknown or ended agencies and a national id already recorded, storing nothing', async () => {
		const before = await Promise.all([count('people'), count('person_positions'), count('audit_log')]);
		const badDate = await refusal(Promise.resolve().then(() => input({ startDate: '30/02/2026' })));
		expect(badDate).toMatchObject({ code: 'INVALID_INPUT', field: 'startDate' });
		expect(badDate.message).toContain('30/02/2026');
		expect(await refusal(Promise.resolve().then(() => input({ fullName: '  ' })))).toMatchObject({
			field: 'fullName'
		});
		expect(await refusal(Promise.resolve().then(() => input({ nationalId: '12345' })))).toMatchObject({
			field: 'nationalId'
		});
		expect(
			await refusal(createPerson(h.db, o.users.admin, input({ agencyId: '999999' }), who))
		).toMatchObject({
			code: 'INVALID_INPUT',
			field: 'agencyId',
			message: 'Cơ quan, đơn vị đã chọn không tồn tại.'
		});
		const ended = await refusal(
			createPerson(h.db, o.users.admin, input({ agencyId: String(o.agencies.X.id) }), who)
		);
		expect(ended).toMatchObject({ code: 'INVALID_INPUT', field: 'agencyId' });
		expect(ended.message).toContain('ngừng hoạt động');
		const dup = await refusal(
			createPerson(h.db, o.users.admin, input({ fullName: 'Người khác', nationalId: '087123456789' }), who)
		);
		expect(dup).toMatchObject({ code: 'CONFLICT', field: 'nationalId' });
		expect(dup.message).toContain('Nguyễn Văn An');
		expect(await Promise.all([count('people'), count('person_positions'), count('audit_log')])).toEqual(
			before
		);
	});
});

describe('editing a person', () => {
	it('corrects name, e-mail and national id with before and after in the audit log', async () => {
		const id = await createPerson(h.db, o.users.admin, input({ fullName: 'Trần Thị Bình' }), who);
		await updatePerson(
			h.db,
			o.users.admin,
			id,
			{ fullName: 'Trần Thị Bình An', email: 'binh@a.gov.vn', nationalId: '087000000001' },
			who
		);
		expect(await person(id)).toMatchObject({ full_name: 'Trần Thị Bình An', national_id: '087000000001' });
		expect((await lastAudit()).details).toEqual({
			before: { fullName: 'Trần Thị Bình', email: null, nationalId: null },
			after: { fullName: 'Trần Thị Bình An', email: 'binh@a.gov.vn', nationalId: '087000000001' }
		});
		expect(
			await refusal(
				updatePerson(h.db, o.users.admin, id, { fullName: 'X', email: null, nationalId: '087123456789' }, who)
			)
		).toMatchObject({ code: 'CONFLICT', field: 'nationalId' });
		expect((await person(id)).full_name).toBe('Trần Thị Bình An');
	});
});

describe('access and lists', () => {
	it('leaders edit nothing; officers edit only their subtree', async () => {
		const before = await count('people');
		expect((await refusal(createPerson(h.db, o.users.leader, input(), who))).code).toBe('FORBIDDEN');
		expect(
			(await refusal(createPerson(h.db, o.users.officerA, input({ agencyId: String(o.agencies.B.id) }), who)))
				.code
		).toBe('FORBIDDEN');
		const inB = await createPerson(
			h.db,
			o.users.officerB,
			input({ fullName: 'Người Sở B', agencyId: String(o.agencies.B.id) }),
			who
		);
		expect(await count('people')).toBe(before + 1);
		expect(
			(
				await refusal(
					updatePerson(h.db, o.users.officerA, inB, { fullName: 'Sửa', email: null, nationalId: null }, who)
				)
			).code
		).toBe('FORBIDDEN');
		expect(
			(
				await refusal(
					changeStatus(
						h.db,
						o.users.leader,
						inB,
						{ status: 'retired', date: '2026-10-01', decisionNumber: null, note: null },
						who
					)
				)
			).code
		).toBe('FORBIDDEN');
		await createPerson(
			h.db,
			o.users.officerA,
			input({ fullName: 'Người Đơn vị A1', agencyId: String(o.agencies.A1.id) }),
			who
		);
	});

	it('lists people within the viewer scope, by name, agency and status', async () => {
		const f = (q: Record<string, string>) => peopleFilterSchema.parse(q);
		const forA = await listPeople(h.db, o.users.officerA.scope, f({}));
		expect(forA.rows.length).toBeGreaterThan(0);
		expect(forA.rows.every((r) => [o.agencies.A.id, o.agencies.A1.id].includes(r.agency_id))).toBe(true);
		expect(forA.rows.map((r) => r.full_name)).not.toContain('Người Sở B');
		const all = await listPeople(h.db, o.users.admin.scope, f({ q: 'sở b' }));
		expect(all.rows.map((r) => r.full_name)).toEqual(['Người Sở B']);
		const inB = all.rows[0]!.id;
		await changeStatus(
			h.db,
			o.users.admin,
			inB,
			{ status: 'retired', date: '2026-10-01', decisionNumber: null, note: null },
			who
		);
		const retired = await listPeople(h.db, o.users.admin.scope, f({ status: 'retired' }));
		expect(retired.rows.map((r) => r.full_name)).toEqual(['Người Sở B']);
		expect(retired.rows[0]).toMatchObject({ status: 'retired', status_since: '2026-10-01' });
		const unit = await listPeople(h.db, o.users.admin.scope, f({ agency: String(o.agencies.A1.id) }));
		expect(unit.rows.map((r) => r.full_name).sort()).toEqual(['Người Đơn vị A1']);
		expect(unit.total).toBe(1);
	});
});
