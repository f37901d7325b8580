// The trust store: CA certificates known to the app, and which roots an administrator trusts.
// Only trusted roots anchor verification (loadVerifierSources); changes are audited.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';

export async function listCaCertificates(db: Kysely<Database>) {
	return db
		.selectFrom('ca_certificates')
		.select([
			'id',
			'subject_dn',
			'issuer_dn',
			'fingerprint_sha256',
			'not_before',
			'not_after',
			'trusted',
			'imported_at'
		])
		.orderBy('trusted', 'desc')
		.orderBy('subject_dn')
		.execute();
}

export async function setCaTrusted(
	db: Kysely<Database>,
	id: number,
	trusted: boolean,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const r = await trx
			.updateTable('ca_certificates')
			.set({ trusted })
			.where('id', '=', id)
			.returning(['fingerprint_sha256', 'subject_dn'])
			.executeTakeFirst();
		if (!r) throw new AppError('NOT_FOUND', 'Không tìm thấy chứng thư CA.');
		await recordAudit(trx, {
			...who,
			action: trusted ? 'trust_store.trust' : 'trust_store.untrust',
			entityType: 'ca_certificate',
			entityId: id,
			details: { fingerprint: r.fingerprint_sha256, subject: r.subject_dn }
		});
	});
}
