// People of the province's agencies: created with their first post (agency, title, start date) and
// status 'active', and their name, e-mail and national id corrected. Moves, title and status changes,
// which are dated history, are in people-history.ts. `people.agency_id/title/status/status_since` are
// the current values every list reads; the history rows are written in the same transaction.
import type { Kysely } from 'kysely';
import type { Database, Person } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { assertCanEditAgency, assertOpenAgency, type Editor } from './people-access';
import type { NewPersonInput, PersonDetailsInput } from './people-input';

/** The person locked for update, once the user may edit them; NOT_FOUND outside their scope too. */
export async function lockPerson(trx: Kysely<Database>, user: Editor, personId: number): Promise<Person> {
	const p = await trx
		.selectFrom('people')
		.selectAll()
		.where('id', '=', personId)
		.forUpdate()
		.executeTakeFirst();
	if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy người này.');
	await assertCanEditAgency(trx, user, p.agency_id);
	return p;
}

async function assertNationalIdFree(
	trx: Kysely<Database>,
	nationalId: string | null,
	exceptId: number | null
): Promise<void> {
	if (!nationalId) return;
	let q = trx.selectFrom('people').select(['id', 'full_name']).where('national_id', '=', nationalId);
	if (exceptId !== null) q = q.where('id', '<>', exceptId);
	const other = await q.executeTakeFirst();
	if (other)
		throw new AppError(
			'CONFLICT',
			`Số định danh ${nationalId} đã được ghi cho người khác (${other.full_name}).`,
			{ field: 'nationalId' }
		);
}

/** Two people saved at once with one national id: the unique index decides, with the same message. */
async function nationalIdUnique<T>(nationalId: string | null, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if ((e as { code?: string })?.code === '23505' && nationalId)
			throw new AppError('CONFLICT', `Số định danh ${nationalId} đã được ghi cho người khác.`, {
				field: 'nationalId'
			});
		throw e;
	}
}

/** Creates a person in post from `startDate`; returns the id. */
export async function createPerson(
	db: Kysely<Database>,
	user: Editor,
	input: NewPersonInput,
	who: AuditWho
): Promise<number> {
	return nationalIdUnique(input.nationalId, () =>
		db.transaction().execute(async (trx) => {
			const agency = await assertOpenAgency(trx, input.agencyId);
			await assertCanEditAgency(
				trx,
				user,
				agency.id,
				'Bạn chỉ được thêm nhân sự cho cơ quan, đơn vị thuộc phạm vi của mình.'
			);
			await assertNationalIdFree(trx, input.nationalId, null);
			const person = await trx
				.insertInto('people')
				.values({
					agency_id: agency.id,
					full_name: input.fullName,
					title: input.title,
					email: input.email,
					national_id: input.nationalId,
					status: 'active',
					status_since: null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('person_positions')
				.values({
					person_id: person.id,
					agency_id: agency.id,
					title: input.title,
					valid_from: input.startDate,
					decision_number: input.decisionNumber,
					recorded_by: who.actor
				})
				.execute();
			await trx
				.insertInto('person_status_history')
				.values({
					person_id: person.id,
					status: 'active',
					since: input.startDate,
					decision_number: input.decisionNumber,
					recorded_by: who.actor
				})
				.execute();
			await recordAudit(trx, {
				...who,
				action: 'person.create',
				entityType: 'person',
				entityId: person.id,
				details: {
					before: null,
					after: {
						fullName: input.fullName,
						agencyId: agency.id,
						title: input.title,
						email: input.email,
						nationalId: input.nationalId,
						startDate: input.startDate,
						decisionNumber: input.decisionNumber
					}
				}
			});
			return person.id;
		})
	);
}

/** Corrects a person's name, e-mail and national id (no history: these are not dated facts). */
export async function updatePerson(
	db: Kysely<Database>,
	user: Editor,
	personId: number,
	input: PersonDetailsInput,
	who: AuditWho
): Promise<void> {
	await nationalIdUnique(input.nationalId, () =>
		db.transaction().execute(async (trx) => {
			const p = await lockPerson(trx, user, personId);
			await assertNationalIdFree(trx, input.nationalId, personId);
			const before = { fullName: p.full_name, email: p.email, nationalId: p.national_id };
			const after = { fullName: input.fullName, email: input.email, nationalId: input.nationalId };
			if (JSON.stringify(before) === JSON.stringify(after)) return;
			await trx
				.updateTable('people')
				.set({ full_name: input.fullName, email: input.email, national_id: input.nationalId })
				.where('id', '=', personId)
				.execute();
			await recordAudit(trx, {
				...who,
				action: 'person.update',
				entityType: 'person',
				entityId: personId,
				details: { before, after }
			});
		})
	);
}
