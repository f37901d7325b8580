// The life of a staged import batch (import_batches with its import_batch_files), shared by the
// certificate import (/chung-thu/nhap) and the organisation and subscriber imports (/to-chuc/nhap):
// the files wait until the user applies or discards them, and one claim on the pending row makes
// two clicks (or two instances) act once.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit, type AuditInput } from '../audit/log';

/** Moves a pending batch to its end state; false when it was no longer pending (already done). */
export async function claimPendingBatch(
	trx: Kysely<Database> | Transaction<Database>,
	id: number,
	to: 'committed' | 'discarded'
): Promise<boolean> {
	const r = await trx
		.updateTable('import_batches')
		.set({ status: to, finished_at: new Date() })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/**
 * Discards a pending batch and deletes its files; audited in the same transaction with the entry
 * `audit` makes from the deleted files' names. `alreadyDone` is thrown when it was not pending.
 */
export async function discardPendingBatch(
	db: Kysely<Database>,
	id: number,
	alreadyDone: () => Error,
	audit: (fileNames: string[]) => Omit<AuditInput, 'entityType' | 'entityId'>
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		if (!(await claimPendingBatch(trx, id, 'discarded'))) throw alreadyDone();
		const files = await trx
			.deleteFrom('import_batch_files')
			.where('batch_id', '=', id)
			.returning('name')
			.execute();
		await recordAudit(trx, {
			...audit(files.map((f) => f.name)),
			entityType: 'import_batch',
			entityId: id
		});
	});
}
