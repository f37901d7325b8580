// How a "Cán bộ" row turns into dated posts and statuses, in the people pages' terms: a change on
// day d ends the open post on d − 1, leaving closes it, coming back opens one, a corrected leaving
// date moves the end of the post it closed.
import { describe, expect, it } from 'vitest';
import { planPerson, type PostOp } from '../../../src/lib/server/organisation-import/person-plan';
import { IssueList } from '../../../src/lib/server/organisation-import/sheet-reader';
import { PERSON_SHEET } from '../../../src/lib/server/organisation-import/templates';
import type { PersonRow } from '../../../src/lib/server/organisation-import/organisation-rows';
import type {
	DbPerson,
	OrganisationState,
	Post
} from '../../../src/lib/server/organisation-import/organisation-state';

const TODAY = '2026-11-20';
const info = { name: 'Cán bộ', spec: PERSON_SHEET, letters: { title: 'E', titleSince: 'F', since: 'H' } };
const agency = {
	id: 1,
	code: 'SYT',
	name: 'Sở Y tế',
	short_name: null,
	kind: 'department' as const,
	parent_id: null,
	path: '/1/',
	active: true
};

function stateWith(
	person: DbPerson,
	posts: Post[],
	status: { status: DbPerson['status']; since: string }
): OrganisationState {
	const open = posts.find((p) => p.valid_to === null);
	return {
		agencies: [agency],
		agencyByCode: new Map([['SYT', agency]]),
		agencyById: new Map([[1, agency]]),
		people: [person],
		personByNationalId: new Map([[person.national_id!, person]]),
		personByEmail: new Map(),
		openPost: new Map(open ? [[person.id, open]] : []),
		lastPost: new Map(posts.length ? [[person.id, posts.at(-1)!]] : []),
		latestStatus: new Map([[person.id, { id: 9, ...status }]])
	};
}

const person = (over: Partial<DbPerson> = {}): DbPerson => ({
	id: 7,
	full_name: 'Nguyễn Văn Hùng',
	national_id: '082000000001',
	email: null,
	agency_id: 1,
	title: 'Giám đốc',
	status: 'active',
	status_since: '2023-01-02',
	...over
});
const row = (over: Partial<PersonRow> = {}): PersonRow => ({
	row: 2,
	fullName: 'Nguyễn Văn Hùng',
	nationalId: '082000000001',
	email: null,
	agencyCode: 'SYT',
	title: 'Giám đốc',
	titleSince: null,
	status: 'active',
	since: null,
	...over
});
const openPost: Post = { id: 3, agency_id: 1, title: 'Giám đốc', valid_from: '2023-01-02', valid_to: null };

function plan(r: PersonRow, state: OrganisationState) {
	const issues = new IssueList();
	const p = planPerson(r, state, issues, info, TODAY);
	return { p, issues: issues.items };
}
const ops = (r: PersonRow, state: OrganisationState): PostOp[] | undefined => plan(r, state).p?.posts;

describe('planPerson', () => {
	const active = stateWith(person(), [openPost], { status: 'active', since: '2023-01-02' });

	it('changes nothing for an unchanged row', () => {
		expect(plan(row(), active).p).toMatchObject({ action: 'unchanged', posts: [], status: 'keep' });
	});

	it('ends the open post the day before a new title, or corrects it when the new title starts the same day', () => {
		expect(ops(row({ title: 'Phó Giám đốc', titleSince: '2026-10-01' }), active)).toEqual([
			{ op: 'close', postId: 3, validTo: '2026-09-30' },
			{ op: 'open', validFrom: '2026-10-01', validTo: null }
		]);
		expect(ops(row({ title: 'Phó Giám đốc', titleSince: '2023-01-02' }), active)).toEqual([
			{ op: 'retitle', postId: 3 }
		]);
		expect(plan(row({ title: 'Phó Giám đốc', titleSince: '2022-12-31' }), active).issues).toEqual([
			expect.objectContaining({
				column: 'F',
				message: 'Ngày 31/12/2022 trước ngày bắt đầu chức danh hiện tại (02/01/2023).'
			})
		]);
	});

	it('closes the post when the person leaves: the day before, or on its first day', () => {
		expect(plan(row({ status: 'retired', since: '2026-10-31' }), active).p).toMatchObject({
			status: 'new',
			statusSince: '2026-10-31',
			posts: [{ op: 'close', postId: 3, validTo: '2026-10-30' }]
		});
		expect(ops(row({ status: 'transferred', since: '2023-01-02' }), active)).toEqual([
			{ op: 'close', postId: 3, validTo: '2023-01-02' }
		]);
	});

	it('opens a post when someone who had left is back in post, after their last post', () => {
		const closed = { ...openPost, valid_to: '2026-06-29' };
		const retired = stateWith(person({ status: 'retired', status_since: '2026-06-30' }), [closed], {
			status: 'retired',
			since: '2026-06-30'
		});
		expect(plan(row({ status: 'active', since: '2026-09-01' }), retired).p).toMatchObject({
			status: 'new',
			posts: [{ op: 'open', validFrom: '2026-09-01', validTo: null }]
		});
		expect(
			plan(row({ status: 'active', since: '2026-09-01', titleSince: '2026-06-01' }), retired).issues
		).toEqual([
			expect.objectContaining({
				column: 'F',
				message: 'Ngày 01/06/2026 trùng với chức danh trước (đến 29/06/2026).'
			})
		]);
	});

	it('moves the end of the post with a corrected leaving date', () => {
		const closed = { ...openPost, valid_to: '2026-06-29' };
		const retired = stateWith(person({ status: 'retired', status_since: '2026-06-30' }), [closed], {
			status: 'retired',
			since: '2026-06-30'
		});
		expect(plan(row({ status: 'retired', since: '2026-07-15' }), retired).p).toMatchObject({
			action: 'changed',
			status: 'correct',
			changes: [
				{ field: 'Trạng thái', before: 'Nghỉ hưu (từ 30/06/2026)', after: 'Nghỉ hưu (từ 15/07/2026)' }
			],
			posts: [{ op: 'close', postId: 3, validTo: '2026-07-14' }]
		});
	});

	it('gives a new person who already left a closed post, from the day their title began', () => {
		const empty = stateWith(person({ national_id: 'x' }), [], { status: 'active', since: '2020-01-01' });
		expect(
			plan(
				row({ nationalId: '082000000009', status: 'retired', since: '2026-06-30', titleSince: '2020-01-01' }),
				empty
			).p
		).toMatchObject({
			action: 'new',
			statusSince: '2026-06-30',
			posts: [{ op: 'open', validFrom: '2020-01-01', validTo: '2026-06-29' }]
		});
	});
});
