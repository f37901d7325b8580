// The CA's subscriber list import: read the workbook, compare it with the inventory, and (when
// asked and the file has no error) link certificates to holders, agencies and devices in one
// transaction with its audit entry.
import { sql, type Kysely } from 'kysely';
import type ExcelJS from 'exceljs';
import type { Database } from '../db/schema';
import { recordAudit, type AuditInput } from '../audit/log';
import { vietnamDay } from '../../time/vietnam';
import { readSubscriberWorkbook } from './subscriber-rows';
import { loadSubscriberState } from './subscriber-state';
import { planSubscribers, type SubscriberPlan } from './subscriber-diff';
import { writeSubscribers, type SubscriberWriteResult } from './subscriber-apply';
import { buildPreview } from './preview';
import { IssueList } from './sheet-reader';
import { capped, importRefused, previewOutdated } from './outcome';
import type { ImportOptions } from './organisation';
import type { FileInfo, ImportPreview } from './types';

async function analyse(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	now: Date
): Promise<{ preview: ImportPreview; plans: SubscriberPlan[] }> {
	const issues = new IssueList();
	const parsed = readSubscriberWorkbook(wb, issues, vietnamDay(now));
	const { plans, missing } = planSubscribers(parsed, await loadSubscriberState(db, parsed), issues, now);
	const entries = plans.map((p) => ({
		entity: 'subscriber' as const,
		action: p.action,
		key: p.row.serialAsTyped,
		label: p.certificate.subject_cn,
		sheet: parsed.sheet.name,
		row: p.row.row,
		changes: p.changes
	}));
	return {
		preview: buildPreview('subscribers', file, ['subscriber'], entries, missing, issues.items),
		plans
	};
}

/** What importing this subscriber list would change; writes nothing. */
export async function previewSubscriberImport(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	now: Date = new Date()
): Promise<ImportPreview> {
	return (await analyse(db, wb, file, now)).preview;
}

/**
 * Applies the list in one transaction, the difference computed again after the device, custody
 * and certificate tables are locked against other writers. Throws (writing nothing) when the file
 * has errors or the difference is not the one confirmed.
 */
export async function applySubscriberImport(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	who: Omit<AuditInput, 'action'>,
	options: ImportOptions = {}
): Promise<{ preview: ImportPreview; result: SubscriberWriteResult }> {
	const now = options.now ?? new Date();
	const run = async (trx: Kysely<Database>) => {
		await sql`lock table tokens, token_custody_events, certificates in share row exclusive mode`.execute(trx);
		const { preview, plans } = await analyse(trx, wb, file, now);
		if (options.expectFingerprint && options.expectFingerprint !== preview.fingerprint)
			throw previewOutdated(preview);
		if (preview.errors) throw importRefused(preview);
		const result = await writeSubscribers(trx, plans, who.actor, `Nhập từ danh sách thuê bao ${file.name}`);
		await recordAudit(trx, {
			...who,
			action: 'subscriber.import',
			entityType: options.batchId ? 'import_batch' : 'subscriber_import',
			entityId: options.batchId,
			details: {
				file: file.name,
				sha256: file.sha256,
				bytes: file.bytes,
				counts: preview.counts,
				warnings: preview.warnings,
				devicesCreated: capped(result.devicesCreated),
				custodyEvents: result.custodyEvents,
				certificatesChanged: capped(result.certificatesLinked)
			}
		});
		return { preview, result };
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}
