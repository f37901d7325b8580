// Linking a certificate to its holder by hand: the import links by the subject's agency and name, and
// lists what it could not link; an inspector then settles those here (and corrects a wrong link).
// An organisation certificate belongs to an agency; an individual one to a person of that agency.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';

export interface CertificateLinkInput {
	agencyId: number;
	personId: number | null;
}

/**
 * The agencies a certificate can be linked to, in tree order: the active ones, and the one it is
 * linked to now (a certificate of a merged agency stays shown as it is until someone relinks it).
 */
export async function linkableAgencies(
	db: Kysely<Database>,
	currentAgencyId: number | null
): Promise<{ id: number; name: string; depth: number }[]> {
	const rows = await db
		.selectFrom('agencies')
		.select(['id', 'name', 'path'])
		.where((eb) =>
			currentAgencyId === null
				? eb('active', '=', true)
				: eb.or([eb('active', '=', true), eb('id', '=', currentAgencyId)])
		)
		.orderBy('path')
		.execute();
	return rows.map((a) => ({
		id: a.id,
		name: a.name,
		depth: Math.max(0, a.path.split('/').filter(Boolean).length - 1)
	}));
}

/** The people of an agency a certificate can be linked to, by name. */
export async function linkablePeople(
	db: Kysely<Database>,
	agencyId: number
): Promise<{ id: number; full_name: string; title: string; status: string }[]> {
	return db
		.selectFrom('people')
		.select(['id', 'full_name', 'title', 'status'])
		.where('agency_id', '=', agencyId)
		.orderBy('full_name')
		.orderBy('id')
		.limit(2000)
		.execute();
}

export async function linkCertificate(
	db: Kysely<Database>,
	certificateId: number,
	input: CertificateLinkInput,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const cert = await trx
			.selectFrom('certificates')
			.select(['id', 'kind', 'agency_id', 'person_id'])
			.where('id', '=', certificateId)
			.forUpdate()
			.executeTakeFirst();
		if (!cert) throw new AppError('NOT_FOUND', 'Không tìm thấy chứng thư số.');
		const agency = await trx
			.selectFrom('agencies')
			.select(['id'])
			.where('id', '=', input.agencyId)
			.executeTakeFirst();
		if (!agency) throw new AppError('INVALID_INPUT', 'Cơ quan đã chọn không tồn tại.');
		if (cert.kind === 'organisation' && input.personId !== null)
			throw new AppError(
				'INVALID_INPUT',
				'Chứng thư của cơ quan, tổ chức chỉ gán cho cơ quan, không gán cho cá nhân.'
			);
		if (cert.kind === 'individual' && input.personId === null)
			throw new AppError('INVALID_INPUT', 'Chứng thư cá nhân phải gán cho một người của cơ quan.');
		if (input.personId !== null) {
			const person = await trx
				.selectFrom('people')
				.select(['agency_id'])
				.where('id', '=', input.personId)
				.executeTakeFirst();
			if (!person || person.agency_id !== input.agencyId)
				throw new AppError('INVALID_INPUT', 'Người được chọn không thuộc cơ quan đã chọn.');
		}
		if (cert.agency_id === input.agencyId && cert.person_id === input.personId) return;
		await trx
			.updateTable('certificates')
			.set({ agency_id: input.agencyId, person_id: input.personId })
			.where('id', '=', certificateId)
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'certificate.link',
			entityType: 'certificate',
			entityId: certificateId,
			details: {
				before: { agencyId: cert.agency_id, personId: cert.person_id },
				after: { agencyId: input.agencyId, personId: input.personId }
			}
		});
	});
}
