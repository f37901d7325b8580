// The shapes shared by the readers, the differences and the pages: what a row said, what is wrong
// with it (sheet, row, column, Vietnamese message), and what applying the file would change.
export type ImportKind = 'organisation' | 'subscribers';
export type {
	AgencyKind as AgencyKindCode,
	PersonStatus as PersonStatusCode,
	DeviceKind as DeviceKindCode
} from '../../domain';
export type EntityKind = 'agency' | 'person' | 'subscriber';

export interface ImportIssue {
	/** Errors stop the import (nothing is written); warnings are reported and the row is skipped or kept. */
	severity: 'error' | 'warning';
	sheet: string;
	/** The spreadsheet row (1 = first row), or null for the whole file or sheet. */
	row: number | null;
	/** The column letter ('B'), or null when the issue is not about one cell. */
	column: string | null;
	/** The column's header as the template names it. */
	header: string | null;
	message: string;
}

export interface FieldChange {
	field: string;
	before: string | null;
	after: string | null;
}

export interface DiffEntry {
	entity: EntityKind;
	action: 'new' | 'changed' | 'unchanged';
	/** The stable key: agency code, national id, certificate serial. */
	key: string;
	label: string;
	sheet: string;
	row: number;
	/** For 'new': the values written; for 'changed': before → after. */
	changes: FieldChange[];
}

export interface MissingEntry {
	entity: EntityKind;
	key: string;
	label: string;
	detail: string | null;
}

export interface EntityCounts {
	new: number;
	changed: number;
	unchanged: number;
	missing: number;
}

export interface FileInfo {
	name: string;
	sha256: string;
	bytes: number;
}

/** What applying a file would do; kept in import_batches.summary so the preview is not re-parsed. */
export interface ImportPreview {
	kind: ImportKind;
	file: FileInfo;
	counts: Partial<Record<EntityKind, EntityCounts>>;
	errors: number;
	warnings: number;
	/** New and changed entries in full; unchanged ones up to a cap. */
	entries: DiffEntry[];
	missing: MissingEntry[];
	issues: ImportIssue[];
	truncated: { unchanged: boolean; missing: boolean; issues: boolean };
	/** Hash of the complete difference: applying refuses when the database moved since the preview. */
	fingerprint: string;
}

export const emptyCounts = (): EntityCounts => ({ new: 0, changed: 0, unchanged: 0, missing: 0 });
