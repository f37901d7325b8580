// A person's dated history: moves to another agency, title changes and status changes, each with
// its post rows (people-posts.ts) and the current values on `people`. A status other than 'active'
// closes the open post; returning to 'active' opens one in the last agency.
import type { Kysely } from 'kysely';
import type { Database, Person } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { assertCanEditAgency, assertOpenAgency, type Editor } from './people-access';
import { lockPerson } from './people';
import {
	assertNoPostFrom,
	assertNotBeforePost,
	openPost,
	postView,
	replacePost,
	type Post
} from './people-posts';
import type { MoveInput, StatusChangeInput, TitleChangeInput } from './people-input';
import type { PersonStatus } from '../../domain/organisation';
import { viLabel } from '../../i18n/values';
import { addDays, formatDay } from '../../time/vietnam';

/** A status as it reads inside a sentence ("nghỉ hưu"). */
const statusWords = (s: PersonStatus) => viLabel('personStatus', s).toLowerCase();

function assertInPost(p: Person): void {
	if (p.status !== 'active')
		throw new AppError(
			'CONFLICT',
			`${p.full_name} hiện không còn công tác (${statusWords(p.status)}): ghi nhận trở lại công tác trước.`,
			{ field: 'status' }
		);
}

/** Moves a person to another agency from `date` (an officer: only within their own subtree). */
export async function movePerson(
	db: Kysely<Database>,
	user: Editor,
	personId: number,
	input: MoveInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const p = await lockPerson(trx, user, personId);
		assertInPost(p);
		const target = await assertOpenAgency(trx, input.agencyId);
		await assertCanEditAgency(
			trx,
			user,
			target.id,
			'Bạn chỉ được điều chuyển nhân sự trong phạm vi cơ quan, đơn vị của mình.'
		);
		if (target.id === p.agency_id)
			throw new AppError(
				'INVALID_INPUT',
				`${p.full_name} đang thuộc ${target.name}: chọn cơ quan, đơn vị khác (đổi chức danh dùng mục riêng).`,
				{ field: 'agencyId' }
			);
		const title = input.title ?? p.title;
		const r = await replacePost(
			trx,
			p,
			{ agencyId: target.id, title, date: input.date, decisionNumber: input.decisionNumber },
			who
		);
		await trx.updateTable('people').set({ agency_id: target.id, title }).where('id', '=', p.id).execute();
		await recordAudit(trx, {
			...who,
			action: 'person.move',
			entityType: 'person',
			entityId: p.id,
			details: {
				date: input.date,
				decisionNumber: input.decisionNumber,
				before: { agencyId: p.agency_id, title: p.title, post: postView(r.before) },
				after: { agencyId: target.id, title, closedPost: postView(r.closed), post: postView(r.opened) }
			}
		});
	});
}

/** A new title in the same agency from `date`: the old title stays valid up to the day before. */
export async function changeTitle(
	db: Kysely<Database>,
	user: Editor,
	personId: number,
	input: TitleChangeInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const p = await lockPerson(trx, user, personId);
		assertInPost(p);
		if (input.title.toLowerCase() === p.title.trim().toLowerCase())
			throw new AppError('INVALID_INPUT', `${p.full_name} đang giữ chức danh "${p.title}".`, {
				field: 'title'
			});
		const r = await replacePost(
			trx,
			p,
			{ agencyId: p.agency_id, title: input.title, date: input.date, decisionNumber: input.decisionNumber },
			who
		);
		await trx.updateTable('people').set({ title: input.title }).where('id', '=', p.id).execute();
		await recordAudit(trx, {
			...who,
			action: 'person.title',
			entityType: 'person',
			entityId: p.id,
			details: {
				date: input.date,
				decisionNumber: input.decisionNumber,
				before: { title: p.title, post: postView(r.before) },
				after: { title: input.title, closedPost: postView(r.closed), post: postView(r.opened) }
			}
		});
	});
}

/**
 * Records a status from `date`: transferred, retired, resigned, deceased close the open post (a
 * signature on or after the date is then `holder_left`); 'active' opens a post in the last agency.
 */
export async function changeStatus(
	db: Kysely<Database>,
	user: Editor,
	personId: number,
	input: StatusChangeInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const p = await lockPerson(trx, user, personId);
		if (input.status === p.status)
			throw new AppError('INVALID_INPUT', `${p.full_name} đang ở trạng thái "${statusWords(p.status)}".`, {
				field: 'status'
			});
		const last = await trx
			.selectFrom('person_status_history')
			.select(['status', 'since'])
			.where('person_id', '=', p.id)
			.orderBy('since', 'desc')
			.orderBy('id', 'desc')
			.executeTakeFirst();
		if (last && input.date < last.since)
			throw new AppError(
				'INVALID_INPUT',
				`Ngày ${formatDay(input.date)} trước ngày của trạng thái hiện tại (${statusWords(last.status)} từ ${formatDay(last.since)}).`,
				{ field: 'date' }
			);
		const open = await openPost(trx, p.id);
		let closed: Post | null = null;
		let opened: Post | null = null;
		if (input.status !== 'active') {
			if (open) {
				assertNotBeforePost(open, input.date);
				// A post always covers its first day, even when the person left on it.
				const validTo = input.date > open.valid_from ? addDays(input.date, -1) : open.valid_from;
				closed = await trx
					.updateTable('person_positions')
					.set({ valid_to: validTo })
					.where('id', '=', open.id)
					.returning(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
					.executeTakeFirstOrThrow();
			}
		} else if (!open) {
			const agency = await assertOpenAgency(trx, p.agency_id, 'status');
			await assertNoPostFrom(trx, p.id, input.date, null);
			opened = await trx
				.insertInto('person_positions')
				.values({
					person_id: p.id,
					agency_id: agency.id,
					title: p.title,
					valid_from: input.date,
					decision_number: input.decisionNumber,
					recorded_by: who.actor
				})
				.returning(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
				.executeTakeFirstOrThrow();
		}
		await trx
			.insertInto('person_status_history')
			.values({
				person_id: p.id,
				status: input.status,
				since: input.date,
				decision_number: input.decisionNumber,
				note: input.note,
				recorded_by: who.actor
			})
			.execute();
		await trx
			.updateTable('people')
			.set({ status: input.status, status_since: input.date })
			.where('id', '=', p.id)
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'person.status',
			entityType: 'person',
			entityId: p.id,
			details: {
				decisionNumber: input.decisionNumber,
				note: input.note,
				before: { status: p.status, statusSince: p.status_since, post: postView(open) },
				after: {
					status: input.status,
					statusSince: input.date,
					closedPost: postView(closed),
					post: postView(opened ?? (closed ? null : open))
				}
			}
		});
	});
}
