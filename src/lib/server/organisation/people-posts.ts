// The posts of a person (person_positions) as the history services change them. A post runs from
// valid_from to valid_to inclusive; a change on day d closes the open post on d - 1 and opens the
// next on d, so no two posts of a person ever share a day. A change dated on the open post's first
// day amends that post instead (it was recorded wrongly).
import type { Kysely } from 'kysely';
import type { Database, Person, PersonPosition } from '../db/schema';
import { AppError } from '../../errors';
import type { AuditWho } from '../audit/from-event';
import { addDays, formatDay } from '../../time/vietnam';

export type Post = Pick<PersonPosition, 'id' | 'agency_id' | 'title' | 'valid_from' | 'valid_to'>;
export const postView = (p: Post | undefined | null) =>
	p ? { agencyId: p.agency_id, title: p.title, validFrom: p.valid_from, validTo: p.valid_to } : null;

export async function openPost(trx: Kysely<Database>, personId: number): Promise<Post | undefined> {
	return trx
		.selectFrom('person_positions')
		.select(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
		.where('person_id', '=', personId)
		.where('valid_to', 'is', null)
		.forUpdate()
		.executeTakeFirst();
}

/** A post from `from` on must not overlap a closed one: a person is never in two places on one day. */
export async function assertNoPostFrom(
	trx: Kysely<Database>,
	personId: number,
	from: string,
	exceptId: number | null
): Promise<void> {
	let q = trx
		.selectFrom('person_positions')
		.select(['valid_from', 'valid_to'])
		.where('person_id', '=', personId)
		.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]));
	if (exceptId !== null) q = q.where('id', '<>', exceptId);
	const clash = await q.orderBy('valid_from').executeTakeFirst();
	if (clash)
		throw new AppError(
			'CONFLICT',
			`Người này đã có chức vụ từ ${formatDay(clash.valid_from)}${clash.valid_to ? ` đến ${formatDay(clash.valid_to)}` : ''}: một người không thể đồng thời giữ hai chức vụ. Chọn ngày sau ${formatDay(clash.valid_to ?? clash.valid_from)}.`,
			{ field: 'date' }
		);
}

export function assertNotBeforePost(open: Post, date: string): void {
	if (date < open.valid_from)
		throw new AppError(
			'INVALID_INPUT',
			`Ngày ${formatDay(date)} trước ngày bắt đầu chức vụ hiện tại (${formatDay(open.valid_from)}).`,
			{ field: 'date' }
		);
}

/** Replaces the open post by one with `next` from `date`; returns the posts before and after. */
export async function replacePost(
	trx: Kysely<Database>,
	p: Person,
	next: { agencyId: number; title: string; date: string; decisionNumber: string | null },
	who: AuditWho
): Promise<{ before: Post | null; closed: Post | null; opened: Post }> {
	const open = await openPost(trx, p.id);
	if (open) assertNotBeforePost(open, next.date);
	if (open && open.valid_from === next.date) {
		const amended = await trx
			.updateTable('person_positions')
			.set({ agency_id: next.agencyId, title: next.title, decision_number: next.decisionNumber })
			.where('id', '=', open.id)
			.returning(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
			.executeTakeFirstOrThrow();
		return { before: open, closed: null, opened: amended };
	}
	await assertNoPostFrom(trx, p.id, next.date, open?.id ?? null);
	let closed: Post | null = null;
	if (open)
		closed = await trx
			.updateTable('person_positions')
			.set({ valid_to: addDays(next.date, -1) })
			.where('id', '=', open.id)
			.returning(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
			.executeTakeFirstOrThrow();
	const opened = await trx
		.insertInto('person_positions')
		.values({
			person_id: p.id,
			agency_id: next.agencyId,
			title: next.title,
			valid_from: next.date,
			decision_number: next.decisionNumber,
			recorded_by: who.actor
		})
		.returning(['id', 'agency_id', 'title', 'valid_from', 'valid_to'])
		.executeTakeFirstOrThrow();
	return { before: open ?? null, closed, opened };
}
