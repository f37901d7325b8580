// The organisation chart import: read the workbook, compare it with the database, and (when asked
// and the file has no error) write exactly the difference in one transaction with its audit entry.
import { sql, type Kysely } from 'kysely';
import type ExcelJS from 'exceljs';
import type { Database } from '../db/schema';
import { recordAudit, type AuditInput } from '../audit/log';
import { vietnamDay } from '../../time/vietnam';
import { readOrganisationWorkbook } from './organisation-rows';
import { loadOrganisationState } from './organisation-state';
import { planOrganisation, type OrganisationPlan } from './organisation-diff';
import { writeOrganisation, type OrganisationWriteResult } from './organisation-apply';
import { buildPreview } from './preview';
import { IssueList } from './sheet-reader';
import { capped, importRefused, previewOutdated } from './outcome';
import type { DiffEntry, FileInfo, ImportPreview } from './types';

export interface ImportOptions {
	now?: Date;
	/** The fingerprint of the preview the user confirmed: refuse if the difference is no longer the same. */
	expectFingerprint?: string;
	/** Audit context (the staged batch). */
	batchId?: number;
}

function entriesOf(plan: OrganisationPlan, sheets: { agencies: string; people: string }): DiffEntry[] {
	return [
		...plan.agencies.map((a) => ({
			entity: 'agency' as const,
			action: a.action,
			key: a.row.code,
			label: a.row.name,
			sheet: sheets.agencies,
			row: a.row.row,
			changes: a.changes
		})),
		...plan.people.map((p) => ({
			entity: 'person' as const,
			action: p.action,
			key: p.row.nationalId,
			label: p.row.fullName,
			sheet: sheets.people,
			row: p.row.row,
			changes: p.changes
		}))
	];
}

async function analyse(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	today: string
): Promise<{ preview: ImportPreview; plan: OrganisationPlan }> {
	const issues = new IssueList();
	const parsed = readOrganisationWorkbook(wb, issues, today);
	const plan = planOrganisation(parsed, await loadOrganisationState(db), issues, today);
	const sheets = { agencies: parsed.sheets.agencies.name, people: parsed.sheets.people.name };
	const preview = buildPreview(
		'organisation',
		file,
		['agency', 'person'],
		entriesOf(plan, sheets),
		plan.missing,
		issues.items
	);
	return { preview, plan };
}

/** What importing this workbook would change; writes nothing. */
export async function previewOrganisationImport(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	now: Date = new Date()
): Promise<ImportPreview> {
	return (await analyse(db, wb, file, vietnamDay(now))).preview;
}

/**
 * Applies the workbook in one transaction. Other writers of the organisation tables wait for it,
 * and the difference is computed again inside it, so what is written matches the database as it
 * is at that moment. Throws (writing nothing) when the file has errors or the difference is not
 * the one confirmed.
 */
export async function applyOrganisationImport(
	db: Kysely<Database>,
	wb: ExcelJS.Workbook,
	file: FileInfo,
	who: Omit<AuditInput, 'action'>,
	options: ImportOptions = {}
): Promise<{ preview: ImportPreview; result: OrganisationWriteResult }> {
	const today = vietnamDay(options.now ?? new Date());
	const run = async (trx: Kysely<Database>) => {
		await sql`lock table agencies, people, person_positions, person_status_history in share row exclusive mode`.execute(
			trx
		);
		const { preview, plan } = await analyse(trx, wb, file, today);
		if (options.expectFingerprint && options.expectFingerprint !== preview.fingerprint)
			throw previewOutdated(preview);
		if (preview.errors) throw importRefused(preview);
		const source = {
			source: 'import',
			file: file.name,
			sha256: file.sha256,
			batch_id: options.batchId ?? null
		};
		const result = await writeOrganisation(trx, plan, who.actor, today, source);
		await recordAudit(trx, {
			...who,
			action: 'organisation.import',
			entityType: options.batchId ? 'import_batch' : 'organisation_import',
			entityId: options.batchId,
			details: {
				file: file.name,
				sha256: file.sha256,
				bytes: file.bytes,
				counts: preview.counts,
				agenciesCreated: capped(result.agencies.created),
				agenciesChanged: capped(result.agencies.changed),
				peopleCreated: capped(result.people.created),
				peopleChanged: capped(result.people.changed)
			}
		});
		return { preview, result };
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}
