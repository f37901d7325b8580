// The optional part of a merge: the people in post at the old agency continue at the new one. Each
// keeps their title; their open post closes on the effective day and a new post opens that day at the
// new agency (person_positions), and people.agency_id (the current value every list reads) follows.
// People who left, retired or died stay where they were: that is where their history is.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface TransferredPerson {
	personId: number;
	title: string;
	/** The day the new post starts (and the old one ends). */
	on: string;
}

export async function transferPeopleInPost(
	trx: Kysely<Database>,
	from: { agencyId: number },
	to: { agencyId: number },
	effectiveOn: string,
	decisionNumber: string | null,
	recordedBy: string
): Promise<TransferredPerson[]> {
	const people = await trx
		.selectFrom('people as p')
		.leftJoin('person_positions as pp', (j) =>
			j.onRef('pp.person_id', '=', 'p.id').on('pp.valid_to', 'is', null)
		)
		.select(['p.id', 'p.title', 'pp.id as post_id', 'pp.title as post_title', 'pp.valid_from'])
		.where('p.agency_id', '=', from.agencyId)
		.where('p.status', '=', 'active')
		.orderBy('p.id')
		// Locks the people rows (the nullable side of an outer join cannot be locked).
		.forUpdate('p')
		.execute();
	if (people.length === 0) return [];

	// A post recorded as starting after the effective day (posts backfilled with the day the record
	// was made, a merge entered afterwards) closes on its own first day rather than before it began.
	const moved = people.map((p) => ({
		personId: p.id,
		postId: p.post_id,
		title: p.post_title ?? p.title,
		on: p.valid_from && p.valid_from > effectiveOn ? p.valid_from : effectiveOn
	}));
	for (const m of moved)
		if (m.postId !== null)
			await trx.updateTable('person_positions').set({ valid_to: m.on }).where('id', '=', m.postId).execute();
	await trx
		.insertInto('person_positions')
		.values(
			moved.map((m) => ({
				person_id: m.personId,
				agency_id: to.agencyId,
				title: m.title,
				valid_from: m.on,
				decision_number: decisionNumber,
				recorded_by: recordedBy
			}))
		)
		.execute();
	await trx
		.updateTable('people')
		.set({ agency_id: to.agencyId })
		.where(
			'id',
			'in',
			moved.map((m) => m.personId)
		)
		.execute();
	return moved.map(({ personId, title, on }) => ({ personId, title, on }));
}
