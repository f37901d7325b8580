// What a row of "Cán bộ" does to one person, in the terms the people pages use: a post runs from
// valid_from to valid_to inclusive, a change on day d closes the open post on d − 1 (or corrects it
// when d is its first day); leaving (transferred, retired, resigned, deceased) closes the open post
// the day before (its first day at the earliest); coming back opens a post; a date before the
// current post or status is refused; someone out of post is not moved or retitled by a file.
import { addDays, formatDate, formatDay } from '../../time/vietnam';
import { codeKey, columnOf, type PersonRow, type SheetInfo } from './organisation-rows';
import type { DbPerson, LatestStatus, OrganisationState, Post } from './organisation-state';
import type { IssueList } from './sheet-reader';
import { PERSON_STATUS_WORDS, labelOf } from './templates';
import type { FieldChange } from './types';

/** Writes to person_positions, in order; `open` takes the row's agency and title. */
export type PostOp =
	| { op: 'close'; postId: number; validTo: string }
	| { op: 'retitle'; postId: number }
	| { op: 'open'; validFrom: string; validTo: string | null };

export interface PersonPlan {
	row: PersonRow;
	action: 'new' | 'changed' | 'unchanged';
	db: DbPerson | null;
	changes: FieldChange[];
	posts: PostOp[];
	status: 'keep' | 'new' | 'correct';
	statusSince: string;
	latestStatus: LatestStatus | null;
}

const change = (field: string, before: string | null, after: string | null): FieldChange[] =>
	(before ?? '') === (after ?? '') ? [] : [{ field, before: before || null, after: after || null }];

export const statusText = (status: string, since: string | null) =>
	status === 'active'
		? labelOf(PERSON_STATUS_WORDS, status)!
		: `${labelOf(PERSON_STATUS_WORDS, status)} (từ ${formatDate(since)})`;

/** The last day of a post left on `day`: the day before, but never before the post's first day. */
const closing = (day: string, post: { valid_from: string } | { validFrom: string }) => {
	const from = 'valid_from' in post ? post.valid_from : post.validFrom;
	return day > from ? addDays(day, -1) : from;
};

class Refusal extends Error {
	constructor(
		readonly key: string,
		message: string
	) {
		super(message);
	}
}

function postsOfExisting(
	r: PersonRow,
	db: DbPerson,
	open: Post | null,
	last: Post | null,
	postChanged: boolean,
	statusSince: string,
	today: string
): PostOp[] {
	const ops: PostOp[] = [];
	type Opening = { op: 'open'; validFrom: string; validTo: string | null };
	const inPost = db.status === 'active';
	const returning = r.status === 'active' && !inPost;
	/** Starts a post on `from`: closes or corrects the open one; returns the post to open, if any. */
	const startAt = (from: string, key: string): Opening | null => {
		if (open && from < open.valid_from)
			throw new Refusal(
				key,
				`Ngày ${formatDay(from)} trước ngày bắt đầu chức danh hiện tại (${formatDay(open.valid_from)}).`
			);
		if (open && from === open.valid_from) {
			ops.push({ op: 'retitle', postId: open.id });
			return null;
		}
		if (open) ops.push({ op: 'close', postId: open.id, validTo: addDays(from, -1) });
		else if (last?.valid_to && last.valid_to >= from)
			throw new Refusal(
				key,
				`Ngày ${formatDay(from)} trùng với chức danh trước (đến ${formatDay(last.valid_to)}).`
			);
		return { op: 'open', validFrom: from, validTo: null };
	};
	let pending: Opening | null = null;
	if (returning) pending = startAt(r.titleSince ?? statusSince, r.titleSince ? 'titleSince' : 'since');
	else if (postChanged) {
		if (!inPost && r.status !== 'active')
			throw new Refusal(
				'title',
				`Cán bộ không còn công tác (${statusText(db.status, db.status_since)}): không đổi chức danh hay cơ quan bằng nhập tệp.`
			);
		pending = startAt(r.titleSince ?? today, 'titleSince');
	}
	if (r.status !== 'active' && r.status !== db.status) {
		if (pending) {
			if (statusSince < pending.validFrom)
				throw new Refusal(
					'since',
					`Ngày ${formatDay(statusSince)} trước ngày nhận chức danh (${formatDay(pending.validFrom)}).`
				);
			pending.validTo = closing(statusSince, pending);
		} else if (open) {
			if (statusSince < open.valid_from)
				throw new Refusal(
					'since',
					`Ngày ${formatDay(statusSince)} trước ngày bắt đầu chức danh hiện tại (${formatDay(open.valid_from)}).`
				);
			ops.push({ op: 'close', postId: open.id, validTo: closing(statusSince, open) });
		}
	} else if (
		r.status !== 'active' &&
		r.status === db.status &&
		db.status_since !== statusSince &&
		last?.valid_to
	) {
		// The date of the status is corrected: the post it closed moves with it.
		if (last.valid_to === closing(db.status_since!, last)) {
			if (statusSince < last.valid_from)
				throw new Refusal(
					'since',
					`Ngày ${formatDay(statusSince)} trước ngày bắt đầu chức danh (${formatDay(last.valid_from)}).`
				);
			ops.push({ op: 'close', postId: last.id, validTo: closing(statusSince, last) });
		}
	}
	if (pending) ops.push(pending);
	return ops;
}

export function planPerson(
	r: PersonRow,
	state: OrganisationState,
	issues: IssueList,
	info: SheetInfo,
	today: string
): PersonPlan | null {
	const byEmail = r.email ? state.personByEmail.get(r.email.toLowerCase()) : undefined;
	const db = state.personByNationalId.get(r.nationalId) ?? byEmail ?? null;
	const dbAgency = db ? state.agencyById.get(db.agency_id)! : null;
	const latestStatus = db ? (state.latestStatus.get(db.id) ?? null) : null;
	const changes = [
		...change('Họ và tên', db?.full_name ?? null, r.fullName),
		...(db && db.national_id ? [] : change('Số định danh', null, r.nationalId)),
		...change('Email', db?.email?.toLowerCase() ?? null, r.email?.toLowerCase() ?? null),
		...change('Cơ quan', dbAgency ? codeKey(dbAgency.code) : null, codeKey(r.agencyCode)),
		...change('Chức danh', db?.title ?? null, r.title),
		...change('Trạng thái', db ? statusText(db.status, db.status_since) : null, statusText(r.status, r.since))
	];
	const refuse = (key: string, message: string) => {
		issues.error(info.name, r.row, columnOf(info, key), message);
		return null;
	};
	if (!db) {
		// A new person is in post from the day their post began unless the file dates their status.
		const from = r.titleSince ?? r.since ?? today;
		if (r.status !== 'active' && r.since! < from)
			return refuse(
				'titleSince',
				`Ngày nhận chức danh ${formatDay(from)} sau ngày của trạng thái (${formatDay(r.since!)}).`
			);
		const validTo = r.status === 'active' ? null : closing(r.since!, { validFrom: from });
		return {
			row: r,
			action: 'new',
			db,
			changes,
			posts: [{ op: 'open', validFrom: from, validTo }],
			status: 'new',
			statusSince: r.since ?? from,
			latestStatus
		};
	}
	const statusSince = r.since ?? today;
	let status: PersonPlan['status'] = 'keep';
	if (db.status !== r.status) {
		if (latestStatus && statusSince < latestStatus.since)
			return refuse(
				'since',
				`Ngày ${formatDay(statusSince)} trước ngày của trạng thái hiện tại (${labelOf(PERSON_STATUS_WORDS, latestStatus.status)} từ ${formatDay(latestStatus.since)}).`
			);
		status = 'new';
	} else if (changes.some((c) => c.field === 'Trạng thái')) status = latestStatus ? 'correct' : 'new';
	try {
		const postChanged = changes.some((c) => c.field === 'Cơ quan' || c.field === 'Chức danh');
		const posts = postsOfExisting(
			r,
			db,
			state.openPost.get(db.id) ?? null,
			state.lastPost.get(db.id) ?? null,
			postChanged,
			statusSince,
			today
		);
		return {
			row: r,
			action: changes.length ? 'changed' : 'unchanged',
			db,
			changes,
			posts,
			status,
			statusSince,
			latestStatus
		};
	} catch (e) {
		if (e instanceof Refusal) return refuse(e.key, e.message);
		throw e;
	}
}
