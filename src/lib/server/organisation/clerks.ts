// Who may use an organisation certificate (Điều 8.3, 17.2; Decree 30 Art. 32): the clerks the head
// appoints (văn thư, by decision, with dates) and the people given written permission (a delegation
// with its scope and dates). The misuse scan reads both: a signature by an appointed clerk or by a
// delegate valid on the signing day is lawful. An appointment is recorded against the certificate's
// agency and covers that agency's organisation certificates (its renewals too); a delegation names
// one certificate (delegations.ts). Administrators and inspectors record them everywhere, agency
// officers in their subtree.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { assertCanEditAgency, type Editor } from './people-access';
import type { AppointClerkInput, EndInput } from './people-input';
import { formatDay } from '../../time/vietnam';

export type OrgCert = { id: number; agency_id: number; subject_cn: string };

/** The organisation certificate, locked, once the user may edit its agency's clerks and delegations. */
export async function lockOrgCertificate(
	trx: Kysely<Database>,
	user: Editor,
	certificateId: number
): Promise<OrgCert> {
	const c = await trx
		.selectFrom('certificates')
		.select(['id', 'kind', 'agency_id', 'subject_cn'])
		.where('id', '=', certificateId)
		.forUpdate()
		.executeTakeFirst();
	if (!c) throw new AppError('NOT_FOUND', 'Không tìm thấy chứng thư số.');
	if (c.kind !== 'organisation')
		throw new AppError(
			'INVALID_INPUT',
			'Chỉ chứng thư của cơ quan, tổ chức mới có văn thư được giao và người được ủy quyền sử dụng.'
		);
	if (c.agency_id === null)
		throw new AppError(
			'INVALID_INPUT',
			'Chứng thư chưa được gán cho cơ quan: gán cơ quan giữ chứng thư trước.'
		);
	await assertCanEditAgency(
		trx,
		user,
		c.agency_id,
		'Bạn chỉ được cập nhật văn thư, ủy quyền của cơ quan, đơn vị thuộc phạm vi của mình.'
	);
	return { id: c.id, agency_id: c.agency_id, subject_cn: c.subject_cn };
}

/** A person in post in the certificate's agency (or, with `subtree`, one of its units). */
export async function personOf(
	trx: Kysely<Database>,
	cert: OrgCert,
	personId: number,
	field: string,
	subtree: boolean
): Promise<{ id: number; full_name: string }> {
	const p = await trx
		.selectFrom('people as p')
		.innerJoin('agencies as a', 'a.id', 'p.agency_id')
		.innerJoin('agencies as ca', (j) => j.on('ca.id', '=', cert.agency_id))
		.select(['p.id', 'p.full_name', 'p.status', 'p.agency_id', 'a.path', 'ca.path as cert_path'])
		.where('p.id', '=', personId)
		.executeTakeFirst();
	const inAgency = p && (p.agency_id === cert.agency_id || (subtree && p.path.startsWith(p.cert_path)));
	if (!p || !inAgency)
		throw new AppError(
			'INVALID_INPUT',
			subtree
				? 'Người được chọn không thuộc cơ quan giữ chứng thư hoặc đơn vị trực thuộc.'
				: 'Người được chọn không thuộc cơ quan giữ chứng thư.',
			{ field }
		);
	if (p.status !== 'active')
		throw new AppError('INVALID_INPUT', `${p.full_name} không còn công tác.`, { field });
	return { id: p.id, full_name: p.full_name };
}

export async function appointClerk(
	db: Kysely<Database>,
	user: Editor,
	certificateId: number,
	input: AppointClerkInput,
	who: AuditWho
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const cert = await lockOrgCertificate(trx, user, certificateId);
		const person = await personOf(trx, cert, input.personId, 'personId', false);
		const clash = await trx
			.selectFrom('clerk_appointments')
			.select(['appointed_on', 'ended_on'])
			.where('agency_id', '=', cert.agency_id)
			.where('person_id', '=', person.id)
			.where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', input.appointedOn)]))
			.executeTakeFirst();
		if (clash)
			throw new AppError(
				'CONFLICT',
				`${person.full_name} đã được giao làm văn thư từ ${formatDay(clash.appointed_on)}${clash.ended_on ? ` đến ${formatDay(clash.ended_on)}` : ''}.`,
				{ field: 'appointedOn' }
			);
		const row = await trx
			.insertInto('clerk_appointments')
			.values({
				agency_id: cert.agency_id,
				person_id: person.id,
				certificate_id: cert.id,
				decision_number: input.decisionNumber,
				appointed_on: input.appointedOn,
				recorded_by: who.actor
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'clerk.appoint',
			entityType: 'certificate',
			entityId: cert.id,
			details: {
				appointmentId: row.id,
				before: null,
				after: {
					agencyId: cert.agency_id,
					personId: person.id,
					appointedOn: input.appointedOn,
					decisionNumber: input.decisionNumber
				}
			}
		});
		return row.id;
	});
}

export async function endClerkAppointment(
	db: Kysely<Database>,
	user: Editor,
	certificateId: number,
	input: EndInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const cert = await lockOrgCertificate(trx, user, certificateId);
		const ap = await trx
			.selectFrom('clerk_appointments')
			.selectAll()
			.where('id', '=', input.id)
			.where('agency_id', '=', cert.agency_id)
			.where((eb) => eb.or([eb('certificate_id', 'is', null), eb('certificate_id', '=', cert.id)]))
			.forUpdate()
			.executeTakeFirst();
		if (!ap) throw new AppError('NOT_FOUND', 'Không tìm thấy quyết định giao văn thư này.');
		if (ap.ended_on !== null)
			throw new AppError('CONFLICT', `Nhiệm vụ văn thư này đã kết thúc ngày ${formatDay(ap.ended_on)}.`);
		if (input.endedOn < ap.appointed_on)
			throw new AppError(
				'INVALID_INPUT',
				`Ngày kết thúc phải từ ngày giao nhiệm vụ (${formatDay(ap.appointed_on)}) trở đi.`,
				{ field: 'endedOn' }
			);
		await trx
			.updateTable('clerk_appointments')
			.set({ ended_on: input.endedOn })
			.where('id', '=', ap.id)
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'clerk.end',
			entityType: 'certificate',
			entityId: cert.id,
			details: {
				appointmentId: ap.id,
				personId: ap.person_id,
				before: { endedOn: null },
				after: { endedOn: input.endedOn }
			}
		});
	});
}
