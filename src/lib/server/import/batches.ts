// Staged certificate imports: files uploaded on /chung-thu/nhap are kept in import_batches until
// the user confirms the preview (or discards it), so the commit imports exactly what was shown.
// The files are parsed once when staged (a refused upload stores nothing) and the preview is kept
// in `import_batches.summary`: viewing a batch reads that, never the files; the commit reads them once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import type { ImportInput } from '../../pki/certificate-import';
import { recordAudit, type AuditInput } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import {
	commitCertificateImport,
	previewCertificateImport,
	type CertificateImportPreview,
	type CertificateImportSummary
} from './certificates';
import { claimPendingBatch, discardPendingBatch } from './staged-batch';

const alreadyDone = () => new AppError('CONFLICT', 'Lượt nhập này đã được xác nhận hoặc hủy trước đó.');

/** Upload limits of the import page (the CLI reads files from disk and has none). */
export const MAX_IMPORT_FILES = 500;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ImportBatchView {
	id: number;
	status: 'pending' | 'committed' | 'discarded';
	createdAt: Date;
	createdBy: number | null;
	fileNames: string[];
	/** What the commit did; null until committed. */
	summary: CertificateImportSummary | null;
	/** As computed when staged (or, once committed, at the commit). */
	preview: CertificateImportPreview;
}

/**
 * Staged files travel as base64 text: PGlite's own bytea conversion goes byte by byte through JavaScript strings
 * (a 7.5 MB upload took 15 s and gigabytes to store, and long again to read back); Node's codec does it at once.
 */
const bytesParam = (b: Uint8Array) =>
	sql<Buffer>`decode(${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}, 'base64')`;

/** `import_batches.summary` of a certificate batch. */
interface StoredSummary {
	preview?: CertificateImportPreview;
	result?: CertificateImportSummary;
}

/** JSON gives the preview's dates back as strings. */
function revive(p: CertificateImportPreview): CertificateImportPreview {
	const date = (d: Date | string) => new Date(d);
	return {
		...p,
		rows: p.rows.map((r) => ({ ...r, notBefore: date(r.notBefore), notAfter: date(r.notAfter) })),
		crls: p.crls.map((c) => ({
			...c,
			thisUpdate: date(c.thisUpdate),
			nextUpdate: c.nextUpdate === null ? null : date(c.nextUpdate)
		}))
	};
}

export async function stageCertificateImport(
	db: Kysely<Database>,
	files: readonly ImportInput[],
	who: AuditWho
): Promise<number> {
	if (!files.length)
		throw new AppError('INVALID_INPUT', 'Chọn ít nhất một tệp chứng thư (PEM, DER, .p7b/.p7c, .zip).');
	if (files.length > MAX_IMPORT_FILES)
		throw new AppError(
			'INVALID_INPUT',
			`Tối đa ${MAX_IMPORT_FILES} tệp mỗi lần nhập; hãy nén thành tệp .zip.`
		);
	const total = files.reduce((s, f) => s + f.bytes.byteLength, 0);
	if (total > MAX_IMPORT_BYTES)
		throw new AppError(
			'INVALID_INPUT',
			`Tổng dung lượng vượt giới hạn ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`
		);
	// Parsed here, once: hostile files are refused before anything is stored (AppError IMPORT_FAILED).
	const preview = await previewCertificateImport(db, files);
	const stored: StoredSummary = { preview };
	return db.transaction().execute(async (trx) => {
		const batch = await trx
			.insertInto('import_batches')
			.values({ kind: 'certificates', created_by: who.userId, summary: JSON.stringify(stored) })
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const f of files)
			await trx
				.insertInto('import_batch_files')
				.values({ batch_id: batch.id, name: f.name, content: bytesParam(f.bytes) })
				.execute();
		// Uploaded files are kept on the server until confirmed or discarded: who put them there is audited too.
		await recordAudit(trx, {
			...who,
			action: 'certificate.import_stage',
			entityType: 'import_batch',
			entityId: batch.id,
			details: {
				files: files.slice(0, 50).map((f) => ({ name: f.name, bytes: f.bytes.byteLength })),
				count: files.length,
				bytes: total
			}
		});
		return batch.id;
	});
}

async function findBatch(db: Kysely<Database>, id: number) {
	const batch = await db
		.selectFrom('import_batches')
		.selectAll()
		.where('id', '=', id)
		.where('kind', '=', 'certificates')
		.executeTakeFirst();
	return batch ? { ...batch, summary: (batch.summary ?? {}) as StoredSummary } : null;
}

async function batchOnly(db: Kysely<Database>, id: number) {
	const batch = await findBatch(db, id);
	if (!batch) throw new AppError('NOT_FOUND', 'Không tìm thấy lượt nhập chứng thư.');
	return batch;
}

async function batchRow(db: Kysely<Database>, id: number) {
	const batch = await batchOnly(db, id);
	const files = await db
		.selectFrom('import_batch_files')
		.select(['name', sql<string>`encode(content, 'base64')`.as('base64')])
		.where('batch_id', '=', id)
		.orderBy('id')
		.execute();
	const inputs: ImportInput[] = files.map((f) => ({
		name: f.name,
		bytes: new Uint8Array(Buffer.from(f.base64, 'base64'))
	}));
	return { batch, inputs };
}

const EMPTY_PREVIEW: CertificateImportPreview = {
	rows: [],
	crls: [],
	duplicates: 0,
	problems: [],
	totals: { new: 0, existing: 0, caNew: 0, caExisting: 0, unlinked: 0, crlsNew: 0 }
};

/** The batch and its stored preview: no file is read (nor inflated, nor parsed) to show it. */
/** Null when there is no such certificate import. */
export async function getCertificateImportBatch(
	db: Kysely<Database>,
	id: number
): Promise<ImportBatchView | null> {
	const batch = await findBatch(db, id);
	if (!batch) return null;
	let preview = batch.summary.preview;
	if (!preview && batch.status === 'pending') {
		// Staged before previews were stored: parse once now and keep the result.
		const { inputs } = await batchRow(db, id);
		preview = await previewCertificateImport(db, inputs);
		await db
			.updateTable('import_batches')
			.set({ summary: JSON.stringify({ ...batch.summary, preview }) })
			.where('id', '=', id)
			.execute();
	}
	const files = await db
		.selectFrom('import_batch_files')
		.select('name')
		.where('batch_id', '=', id)
		.orderBy('id')
		.execute();
	return {
		id: batch.id,
		status: batch.status as ImportBatchView['status'],
		createdAt: batch.created_at,
		createdBy: batch.created_by,
		fileNames: files.map((f) => f.name),
		// Batches committed before previews were stored hold the result itself.
		summary:
			batch.summary.result ??
			('inserted' in batch.summary ? (batch.summary as CertificateImportSummary) : null),
		preview: preview ? revive(preview) : EMPTY_PREVIEW
	};
}

export async function commitCertificateImportBatch(
	db: Kysely<Database>,
	id: number,
	who: Omit<AuditInput, 'action'> & { trustSelfSignedRoots?: boolean }
): Promise<CertificateImportSummary> {
	const { batch, inputs } = await batchRow(db, id);
	if (batch.status !== 'pending') throw alreadyDone();
	return db.transaction().execute(async (trx) => {
		// Claim the batch first, so two clicks on "Xác nhận" cannot import twice.
		if (!(await claimPendingBatch(trx, id, 'committed'))) throw alreadyDone();
		const { summary, preview } = await commitCertificateImport(trx, inputs, {
			...who,
			entityId: id,
			details: { batchId: id }
		});
		const stored: StoredSummary = { preview, result: summary };
		await trx
			.updateTable('import_batches')
			.set({ summary: JSON.stringify(stored) })
			.where('id', '=', id)
			.execute();
		// The files are no longer needed once imported: the inventory holds the certificates.
		await trx.deleteFrom('import_batch_files').where('batch_id', '=', id).execute();
		return summary;
	});
}

/** Discards a pending batch (its files are deleted); audited, in the same transaction. */
export async function discardCertificateImportBatch(
	db: Kysely<Database>,
	id: number,
	who: AuditWho
): Promise<void> {
	await discardPendingBatch(db, id, alreadyDone, (files) => ({
		...who,
		action: 'certificate.import_discard',
		details: { files }
	}));
}
