// A person's dated history: a title change mid-year, moves (an officer only within their subtree),
// a retirement and a return, each closing and opening posts without overlap, with the current values
// on `people` and an audit entry with before and after; dates before the current post are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { createPerson } from '../../../src/lib/server/organisation/people';
import { changeStatus, changeTitle, movePerson } from '../../../src/lib/server/organisation/people-history';
import { getPersonDetail } from '../../../src/lib/server/organisation/people-queries';
import { buildOrg, personInput, readers, refusal, who, type Org } from './fixtures';

let h: DbHandle;
let o: Org;
let r: ReturnType<typeof readers>;
const input = (over: Partial<Record<string, string>> = {}) => personInput(o, over);
const posts = (id: number) => r.posts(id);
const person = (id: number) => r.person(id);
const lastAudit = () => r.lastAudit();

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	r = readers(h.db);
});
afterAll(async () => {
	await h?.close();
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
