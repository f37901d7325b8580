// Staged organisation and subscriber imports (import_batches, kinds 'organisation' and
// 'subscribers'): the uploaded workbook is kept with its parsed preview, so the preview page does
// not read the file again on each view; applying reads it once more and re-computes the
// difference inside the transaction, refusing (and refreshing the preview) if the database moved.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import { claimPendingBatch, discardPendingBatch } from '../import/staged-batch';
import type { AuditWho } from '../audit/from-event';
import { applyImportFile, previewImportFile, type UploadedFile } from './index';
import { checkXlsxSize } from './workbook-loader';
import { previewOf } from './outcome';
import type { ImportKind, ImportPreview } from './types';

export interface ImportBatchView {
	id: number;
	kind: ImportKind;
	status: 'pending' | 'committed' | 'discarded';
	createdAt: Date;
	createdBy: string | null;
	finishedAt: Date | null;
	preview: ImportPreview;
}

const ACTION: Record<ImportKind, string> = { organisation: 'organisation', subscribers: 'subscriber' };
const notFound = () => new AppError('NOT_FOUND', 'Không tìm thấy lượt nhập này.');
const alreadyDone = () => new AppError('CONFLICT', 'Lượt nhập này đã được áp dụng hoặc hủy trước đó.');

/** Reads and compares the file, then keeps it with its preview. A file that cannot be opened is refused, not kept. */
export async function stageImport(
	db: Kysely<Database>,
	kind: ImportKind,
	file: UploadedFile,
	who: AuditWho,
	now: Date = new Date()
): Promise<number> {
	if (!/\.xlsx$/i.test(file.name))
		throw new AppError('INVALID_INPUT', `Tệp "${file.name}" không phải bảng tính .xlsx.`);
	checkXlsxSize(file.bytes.byteLength);
	const preview = await previewImportFile(db, kind, file, now);
	return db.transaction().execute(async (trx) => {
		const batch = await trx
			.insertInto('import_batches')
			.values({ kind, created_by: who.userId, summary: JSON.stringify(preview) })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('import_batch_files')
			.values({ batch_id: batch.id, name: file.name, content: Buffer.from(file.bytes) })
			.execute();
		await recordAudit(trx, {
			...who,
			action: `${ACTION[kind]}.import_stage`,
			entityType: 'import_batch',
			entityId: batch.id,
			details: { ...preview.file, counts: preview.counts, errors: preview.errors, warnings: preview.warnings }
		});
		return batch.id;
	});
}

/** Null when there is no such organisation or subscriber import. */
export async function getImportBatch(db: Kysely<Database>, id: number): Promise<ImportBatchView | null> {
	const b = await db
		.selectFrom('import_batches as b')
		.leftJoin('users as u', 'u.id', 'b.created_by')
		.select(['b.id', 'b.kind', 'b.status', 'b.created_at', 'b.finished_at', 'b.summary', 'u.username'])
		.where('b.id', '=', id)
		.where('b.kind', 'in', ['organisation', 'subscribers'])
		.executeTakeFirst();
	if (!b) return null;
	return {
		id: b.id,
		kind: b.kind as ImportKind,
		status: b.status,
		createdAt: b.created_at,
		createdBy: b.username,
		finishedAt: b.finished_at,
		preview: b.summary as ImportPreview
	};
}

export interface ImportBatchListItem {
	id: number;
	kind: ImportKind;
	status: 'pending' | 'committed' | 'discarded';
	createdAt: Date;
	createdBy: string | null;
	fileName: string;
	errors: number;
	counts: ImportPreview['counts'];
}

export async function listImportBatches(db: Kysely<Database>, limit = 20): Promise<ImportBatchListItem[]> {
	const rows = await db
		.selectFrom('import_batches as b')
		.leftJoin('users as u', 'u.id', 'b.created_by')
		.select(['b.id', 'b.kind', 'b.status', 'b.created_at', 'b.summary', 'u.username'])
		.where('b.kind', 'in', ['organisation', 'subscribers'])
		.orderBy('b.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => {
		const p = r.summary as ImportPreview;
		return {
			id: r.id,
			kind: r.kind as ImportKind,
			status: r.status,
			createdAt: r.created_at,
			createdBy: r.username,
			fileName: p.file?.name ?? '',
			errors: p.errors ?? 0,
			counts: p.counts ?? {}
		};
	});
}

/**
 * Applies a staged import exactly as previewed. If the database changed since (or the file now
 * shows errors), nothing is written, the stored preview is replaced by the fresh one, and a
 * CONFLICT or IMPORT_FAILED error tells the user to look again.
 */
export async function applyImportBatch(
	db: Kysely<Database>,
	id: number,
	who: AuditWho
): Promise<ImportPreview> {
	const batch = await getImportBatch(db, id);
	if (!batch) throw notFound();
	if (batch.status !== 'pending') throw alreadyDone();
	const stored = await db
		.selectFrom('import_batch_files')
		.select(['name', 'content'])
		.where('batch_id', '=', id)
		.executeTakeFirst();
	if (!stored) throw notFound();
	const file = { name: stored.name, bytes: new Uint8Array(stored.content) };
	try {
		return await db.transaction().execute(async (trx) => {
			// Claimed first, so two clicks on "Áp dụng" cannot apply twice.
			if (!(await claimPendingBatch(trx, id, 'committed'))) throw alreadyDone();
			const preview = await applyImportFile(trx, batch.kind, file, who, {
				expectFingerprint: batch.preview.fingerprint,
				batchId: id
			});
			await trx
				.updateTable('import_batches')
				.set({ summary: JSON.stringify(preview) })
				.where('id', '=', id)
				.execute();
			// The data now lives in its tables; the preview keeps the file's name and hash.
			await trx.deleteFrom('import_batch_files').where('batch_id', '=', id).execute();
			return preview;
		});
	} catch (e) {
		const fresh = previewOf(e);
		if (fresh)
			await db
				.updateTable('import_batches')
				.set({ summary: JSON.stringify(fresh) })
				.where('id', '=', id)
				.where('status', '=', 'pending')
				.execute();
		throw e;
	}
}

export async function discardImportBatch(db: Kysely<Database>, id: number, who: AuditWho): Promise<void> {
	const batch = await getImportBatch(db, id);
	if (!batch) throw notFound();
	await discardPendingBatch(db, id, alreadyDone, () => ({
		...who,
		action: `${ACTION[batch.kind]}.import_discard`,
		details: { file: batch.preview.file.name, sha256: batch.preview.file.sha256 }
	}));
}
