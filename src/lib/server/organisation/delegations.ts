// Written delegations (Điều 8.3, 17.2): the competent person's written permission for a named
// person to use one organisation certificate, with its scope and dates. A delegate valid on the
// signing day is not flagged by the misuse scan. Same access as clerk appointments (clerks.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import type { Editor } from './people-access';
import { lockOrgCertificate, personOf } from './clerks';
import type { DelegationInput, EndInput } from './people-input';
import { formatDay } from '../../time/vietnam';

export async function grantDelegation(
	db: Kysely<Database>,
	user: Editor,
	certificateId: number,
	input: DelegationInput,
	who: AuditWho
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const cert = await lockOrgCertificate(trx, user, certificateId);
		const person = await personOf(trx, cert, input.personId, 'personId', true);
		if (input.grantedByPersonId !== null) {
			if (input.grantedByPersonId === person.id)
				throw new AppError(
					'INVALID_INPUT',
					'Người ủy quyền và người được ủy quyền phải là hai người khác nhau.',
					{
						field: 'grantedByPersonId'
					}
				);
			await personOf(trx, cert, input.grantedByPersonId, 'grantedByPersonId', true);
		}
		if (input.validTo !== null && input.validTo < input.validFrom)
			throw new AppError('INVALID_INPUT', 'Ngày hết hạn ủy quyền phải từ ngày bắt đầu trở đi.', {
				field: 'validTo'
			});
		let q = trx
			.selectFrom('certificate_delegations')
			.select(['valid_from', 'valid_to'])
			.where('certificate_id', '=', cert.id)
			.where('person_id', '=', person.id)
			.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.validFrom)]));
		if (input.validTo !== null) q = q.where('valid_from', '<=', input.validTo);
		const clash = await q.executeTakeFirst();
		if (clash)
			throw new AppError(
				'CONFLICT',
				`${person.full_name} đã được ủy quyền sử dụng chứng thư này từ ${formatDay(clash.valid_from)}${clash.valid_to ? ` đến ${formatDay(clash.valid_to)}` : ''}.`,
				{ field: 'validFrom' }
			);
		const values = {
			certificate_id: cert.id,
			person_id: person.id,
			granted_by_person_id: input.grantedByPersonId,
			decision_number: input.decisionNumber,
			scope: input.scope,
			valid_from: input.validFrom,
			valid_to: input.validTo,
			recorded_by: who.actor
		};
		const row = await trx
			.insertInto('certificate_delegations')
			.values(values)
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'delegation.grant',
			entityType: 'certificate',
			entityId: cert.id,
			details: {
				delegationId: row.id,
				before: null,
				after: {
					personId: person.id,
					grantedByPersonId: input.grantedByPersonId,
					decisionNumber: input.decisionNumber,
					scope: input.scope,
					validFrom: input.validFrom,
					validTo: input.validTo
				}
			}
		});
		return row.id;
	});
}

/** Ends a delegation on `endedOn` (its last valid day), sooner than planned or when it had no end. */
export async function endDelegation(
	db: Kysely<Database>,
	user: Editor,
	certificateId: number,
	input: EndInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const cert = await lockOrgCertificate(trx, user, certificateId);
		const d = await trx
			.selectFrom('certificate_delegations')
			.selectAll()
			.where('id', '=', input.id)
			.where('certificate_id', '=', cert.id)
			.forUpdate()
			.executeTakeFirst();
		if (!d) throw new AppError('NOT_FOUND', 'Không tìm thấy văn bản ủy quyền này.');
		if (d.valid_to !== null && d.valid_to <= input.endedOn)
			throw new AppError('CONFLICT', `Ủy quyền này đã hết hiệu lực sau ngày ${formatDay(d.valid_to)}.`, {
				field: 'endedOn'
			});
		if (input.endedOn < d.valid_from)
			throw new AppError(
				'INVALID_INPUT',
				`Ngày kết thúc phải từ ngày bắt đầu ủy quyền (${formatDay(d.valid_from)}) trở đi.`,
				{ field: 'endedOn' }
			);
		await trx
			.updateTable('certificate_delegations')
			.set({ valid_to: input.endedOn })
			.where('id', '=', d.id)
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'delegation.end',
			entityType: 'certificate',
			entityId: cert.id,
			details: {
				delegationId: d.id,
				personId: d.person_id,
				before: { validTo: d.valid_to },
				after: { validTo: input.endedOn }
			}
		});
	});
}
