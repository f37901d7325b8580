// The organisation and subscriber imports as the pages and the CLI call them: bytes of an .xlsx
// in, a preview or an applied difference out. Opening the workbook (and refusing an oversized
// file or a zip bomb) happens here, once, through loadWorkbook.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditInput } from '../audit/log';
import { loadWorkbook } from './workbook-loader';
import { fileInfo } from './preview';
import { applyOrganisationImport, previewOrganisationImport, type ImportOptions } from './organisation';
import { applySubscriberImport, previewSubscriberImport } from './subscribers';
import type { ImportKind, ImportPreview } from './types';

export type { ImportKind, ImportPreview, ImportIssue, DiffEntry, MissingEntry } from './types';
export { describeIssue } from './preview';
export { previewOf } from './outcome';
export { buildTemplateWorkbook, templateFileName } from './template-workbook';
export { checkXlsxSize, maxXlsxBytes } from './workbook-loader';

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

export const IMPORT_KINDS: readonly ImportKind[] = ['organisation', 'subscribers'];

export function isImportKind(s: string): s is ImportKind {
	return (IMPORT_KINDS as readonly string[]).includes(s);
}

/** What importing the file would change; writes nothing. */
export async function previewImportFile(
	db: Kysely<Database>,
	kind: ImportKind,
	file: UploadedFile,
	now: Date = new Date()
): Promise<ImportPreview> {
	const wb = await loadWorkbook(file.bytes);
	const info = fileInfo(file.name, file.bytes);
	return kind === 'organisation'
		? previewOrganisationImport(db, wb, info, now)
		: previewSubscriberImport(db, wb, info, now);
}

/** Applies the file in one transaction; throws an AppError carrying the preview when it cannot. */
export async function applyImportFile(
	db: Kysely<Database>,
	kind: ImportKind,
	file: UploadedFile,
	who: Omit<AuditInput, 'action'>,
	options: ImportOptions = {}
): Promise<ImportPreview> {
	const wb = await loadWorkbook(file.bytes);
	const info = fileInfo(file.name, file.bytes);
	const applied =
		kind === 'organisation'
			? await applyOrganisationImport(db, wb, info, who, options)
			: await applySubscriberImport(db, wb, info, who, options);
	return applied.preview;
}
