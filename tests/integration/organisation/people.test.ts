// People kept over time: created in post, corrected, moved, given a new title, retired and back, each
// with its dated history rows, the current values on `people`, and an audit entry with before and
// after; bad input and edits outside an officer's subtree are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { createPerson, updatePerson } from '../../../src/lib/server/organisation/people';
import { changeStatus, changeTitle, movePerson } from '../../../src/lib/server/organisation/people-history';
import {
	newPersonSchema,
	parseDay,
	parseInput,
	type NewPersonInput
} from '../../../src/lib/server/organisation/people-input';
import {
	getPersonDetail,
	listPeople,
	peopleFilterSchema
} from '../../../src/lib/server/organisation/people-queries';
import { buildOrg, refusal, who, type Org } from './fixtures';

let h: DbHandle;
let o: Org;

const input = (over: Partial<Record<string, string>> = {}): NewPersonInput =>
	parseInput(newPersonSchema, {
		fullName: 'Nguyễn Văn An',
		agencyId: String(o.agencies.A.id),
		title: 'Phó Giám đốc',
		startDate: '01/01/2025',
		email: '',
		nationalId: '',
		...over
	});
const posts = (personId: number) =>
	h.db
		.selectFrom('person_positions')
		.select(['agency_id', 'title', 'valid_from', 'valid_to'])
		.where('person_id', '=', personId)
		.orderBy('valid_from')
		.execute();
const person = (id: number) =>
	h.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lastAudit = () =>
	h.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
const count = async (table: 'people' | 'person_positions' | 'person_status_history' | 'audit_log') =>
	Number(
		(
			await h.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
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

describe('title changes and moves', () => {
	it('closes the old post the day before the new title and refuses dates before the current post', async () => {
		const id = await createPerson(h.db, o.users.admin, input({ fullName: 'Lê Thăng Tiến' }), who);
		await changeTitle(
			h.db,
			o.users.admin,
			id,
			{ title: 'Giám đốc', date: '2026-07-01', decisionNumber: '5/QĐ-UBND' },
			who
		);
		expect(await posts(id)).toEqual([
			{ agency_id: o.agencies.A.id, title: 'Phó Giám đốc', valid_from: '2025-01-01', valid_to: '2026-06-30' },
			{ agency_id: o.agencies.A.id, title: 'Giám đốc', valid_from: '2026-07-01', valid_to: null }
		]);
		expect((await person(id)).title).toBe('Giám đốc');
		const audit = await lastAudit();
		expect(audit.action).toBe('person.title');
		expect(audit.details).toMatchObject({
			before: { title: 'Phó Giám đốc' },
			after: { title: 'Giám đốc', closedPost: { validTo: '2026-06-30' }, post: { validFrom: '2026-07-01' } }
		});
		const early = await refusal(
			changeTitle(
				h.db,
				o.users.admin,
				id,
				{ title: 'Chủ tịch', date: '2026-06-15', decisionNumber: null },
				who
			)
		);
		expect(early).toMatchObject({ code: 'INVALID_INPUT', field: 'date' });
		expect(early.message).toContain('01/07/2026');
		expect(
			await refusal(
				changeTitle(
					h.db,
					o.users.admin,
					id,
					{ title: 'giám đốc', date: '2026-08-01', decisionNumber: null },
					who
				)
			)
		).toMatchObject({ field: 'title' });
		// On the open post's first day the post itself is corrected: no one-day-less post.
		await changeTitle(
			h.db,
			o.users.admin,
			id,
			{ title: 'Giám đốc Sở', date: '2026-07-01', decisionNumber: null },
			who
		);
		expect((await posts(id)).map((p) => [p.title, p.valid_from, p.valid_to])).toEqual([
			['Phó Giám đốc', '2025-01-01', '2026-06-30'],
			['Giám đốc Sở', '2026-07-01', null]
		]);
	});

	it('moves a person between agencies, and an officer only within their subtree', async () => {
		const id = await createPerson(h.db, o.users.officerA, input({ fullName: 'Phạm Chuyển' }), who);
		const forbidden = await refusal(
			movePerson(
				h.db,
				o.users.officerA,
				id,
				{ agencyId: o.agencies.B.id, title: null, date: '2026-03-01', decisionNumber: null },
				who
			)
		);
		expect(forbidden.code).toBe('FORBIDDEN');
		expect((await person(id)).agency_id).toBe(o.agencies.A.id);
		await movePerson(
			h.db,
			o.users.officerA,
			id,
			{ agencyId: o.agencies.A1.id, title: 'Trưởng phòng', date: '2026-03-01', decisionNumber: '9/QĐ-A' },
			who
		);
		expect(await person(id)).toMatchObject({ agency_id: o.agencies.A1.id, title: 'Trưởng phòng' });
		expect(await posts(id)).toEqual([
			{ agency_id: o.agencies.A.id, title: 'Phó Giám đốc', valid_from: '2025-01-01', valid_to: '2026-02-28' },
			{ agency_id: o.agencies.A1.id, title: 'Trưởng phòng', valid_from: '2026-03-01', valid_to: null }
		]);
		expect((await lastAudit()).details).toMatchObject({
			before: { agencyId: o.agencies.A.id, title: 'Phó Giám đốc' },
			after: { agencyId: o.agencies.A1.id, title: 'Trưởng phòng' }
		});
		// An administrator moves them out, keeping the title.
		await movePerson(
			h.db,
			o.users.admin,
			id,
			{ agencyId: o.agencies.B.id, title: null, date: '2026-09-01', decisionNumber: null },
			who
		);
		expect(await person(id)).toMatchObject({ agency_id: o.agencies.B.id, title: 'Trưởng phòng' });
		// Now outside officer A's subtree: they can no longer edit or even see the person.
		expect(
			(
				await refusal(
					changeTitle(
						h.db,
						o.users.officerA,
						id,
						{ title: 'X', date: '2026-10-01', decisionNumber: null },
						who
					)
				)
			).code
		).toBe('FORBIDDEN');
		expect(await getPersonDetail(h.db, o.users.officerA.scope, id)).toBeUndefined();
		for (const [agencyId, field] of [
			[o.agencies.X.id, 'agencyId'],
			[o.agencies.B.id, 'agencyId'],
			[424242, 'agencyId']
		] as const)
			expect(
				(
					await refusal(
						movePerson(
							h.db,
							o.users.admin,
							id,
							{ agencyId, title: null, date: '2026-10-01', decisionNumber: null },
							who
						)
					)
				).field
			).toBe(field);
	});

	it('refuses a post that would overlap another: a person is never in two agencies at once', async () => {
		const id = await createPerson(h.db, o.users.admin, input({ fullName: 'Đỗ Trùng' }), who);
		// Posts recorded by other means (an import): A until 31/07, then B in August and September;
		// a move dated inside the B post would overlap it.
		await h.db
			.updateTable('person_positions')
			.set({ valid_to: '2026-07-31' })
			.where('person_id', '=', id)
			.execute();
		await h.db
			.insertInto('person_positions')
			.values({
				person_id: id,
				agency_id: o.agencies.B.id,
				title: 'Chuyên viên',
				valid_from: '2026-08-01',
				valid_to: '2026-09-30',
				recorded_by: 'test'
			})
			.execute();
		const move = (date: string) =>
			movePerson(
				h.db,
				o.users.admin,
				id,
				{ agencyId: o.agencies.B.id, title: null, date, decisionNumber: null },
				who
			);
		const clash = await refusal(move('2026-08-15'));
		expect(clash).toMatchObject({ code: 'CONFLICT', field: 'date' });
		expect(clash.message).toContain('01/08/2026 đến 30/09/2026');
		expect((await person(id)).agency_id).toBe(o.agencies.A.id);
		await move('2026-10-01');
		expect((await posts(id)).map((p) => [p.agency_id, p.valid_from, p.valid_to])).toEqual([
			[o.agencies.A.id, '2025-01-01', '2026-07-31'],
			[o.agencies.B.id, '2026-08-01', '2026-09-30'],
			[o.agencies.B.id, '2026-10-01', null]
		]);
	});
});

describe('status changes', () => {
	it('a retirement closes the post; a return opens one; dates run forward only', async () => {
		const id = await createPerson(h.db, o.users.admin, input({ fullName: 'Võ Hưu' }), who);
		await changeStatus(
			h.db,
			o.users.admin,
			id,
			{ status: 'retired', date: '2026-09-01', decisionNumber: '88/QĐ-UBND', note: 'Nghỉ hưu theo chế độ' },
			who
		);
		expect(await person(id)).toMatchObject({ status: 'retired', status_since: '2026-09-01' });
		expect(await posts(id)).toEqual([
			{ agency_id: o.agencies.A.id, title: 'Phó Giám đốc', valid_from: '2025-01-01', valid_to: '2026-08-31' }
		]);
		const audit = await lastAudit();
		expect(audit.action).toBe('person.status');
		expect(audit.details).toMatchObject({
			before: { status: 'active', statusSince: null },
			after: { status: 'retired', statusSince: '2026-09-01', closedPost: { validTo: '2026-08-31' } }
		});
		expect(
			(
				await refusal(
					movePerson(
						h.db,
						o.users.admin,
						id,
						{ agencyId: o.agencies.B.id, title: null, date: '2026-10-01', decisionNumber: null },
						who
					)
				)
			).field
		).toBe('status');
		expect(
			(
				await refusal(
					changeStatus(
						h.db,
						o.users.admin,
						id,
						{ status: 'retired', date: '2026-10-01', decisionNumber: null, note: null },
						who
					)
				)
			).field
		).toBe('status');
		const back = await refusal(
			changeStatus(
				h.db,
				o.users.admin,
				id,
				{ status: 'active', date: '2026-08-01', decisionNumber: null, note: null },
				who
			)
		);
		expect(back).toMatchObject({ code: 'INVALID_INPUT', field: 'date' });
		await changeStatus(
			h.db,
			o.users.admin,
			id,
			{ status: 'active', date: '2026-10-01', decisionNumber: null, note: null },
			who
		);
		expect((await posts(id)).map((p) => [p.valid_from, p.valid_to])).toEqual([
			['2025-01-01', '2026-08-31'],
			['2026-10-01', null]
		]);
		await changeStatus(
			h.db,
			o.users.admin,
			id,
			{ status: 'deceased', date: '2026-11-02', decisionNumber: null, note: null },
			who
		);
		const history = await h.db
			.selectFrom('person_status_history')
			.select(['status', 'since'])
			.where('person_id', '=', id)
			.orderBy('since')
			.orderBy('id')
			.execute();
		expect(history.map((s) => `${s.status}@${s.since}`)).toEqual([
			'active@2025-01-01',
			'retired@2026-09-01',
			'active@2026-10-01',
			'deceased@2026-11-02'
		]);
	});

	it('refuses a status dated before the current post started', async () => {
		const id = await createPerson(
			h.db,
			o.users.admin,
			input({ fullName: 'Mai Sớm', startDate: '2026-05-01' }),
			who
		);
		const r = await refusal(
			changeStatus(
				h.db,
				o.users.admin,
				id,
				{ status: 'resigned', date: '2026-04-30', decisionNumber: null, note: null },
				who
			)
		);
		expect(r).toMatchObject({ code: 'INVALID_INPUT', field: 'date' });
		expect((await person(id)).status).toBe('active');
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
		const retiredOrDead = await listPeople(h.db, o.users.admin.scope, f({ status: 'deceased' }));
		expect(retiredOrDead.rows.map((r) => r.full_name)).toEqual(['Võ Hưu']);
		const unit = await listPeople(h.db, o.users.admin.scope, f({ agency: String(o.agencies.A1.id) }));
		expect(unit.rows.map((r) => r.full_name).sort()).toEqual(['Người Đơn vị A1']);
		expect(unit.total).toBe(1);
	});
});
