// Turns a difference into the preview stored with a staged import and shown on its page: counts
// per entity, the entries (new and changed in full, unchanged and missing up to a cap, so a
// province-sized file stays a reasonable row in import_batches), the issues, and a fingerprint
// of the complete difference that the apply step compares with its own.
import { createHash } from 'node:crypto';
import {
	emptyCounts,
	type DiffEntry,
	type EntityCounts,
	type EntityKind,
	type FileInfo,
	type ImportIssue,
	type ImportKind,
	type ImportPreview,
	type MissingEntry
} from './types';

export const LIST_CAP = 500;
export const ISSUE_CAP = 1000;

export function fileInfo(name: string, bytes: Uint8Array): FileInfo {
	return {
		name,
		sha256: createHash('sha256').update(bytes).digest('hex'),
		bytes: bytes.byteLength
	};
}

export function buildPreview(
	kind: ImportKind,
	file: FileInfo,
	entities: EntityKind[],
	entries: DiffEntry[],
	missing: MissingEntry[],
	issues: ImportIssue[]
): ImportPreview {
	const counts: Partial<Record<EntityKind, EntityCounts>> = {};
	for (const e of entities) counts[e] = emptyCounts();
	for (const e of entries) counts[e.entity]![e.action]++;
	for (const m of missing) counts[m.entity]!.missing++;
	const fingerprint = createHash('sha256')
		.update(
			JSON.stringify([
				entries.map((e) => [e.entity, e.key, e.action, e.changes]),
				missing.map((m) => [m.entity, m.key]),
				issues.map((i) => [i.severity, i.sheet, i.row, i.column, i.message])
			])
		)
		.digest('hex');
	const unchanged = entries.filter((e) => e.action === 'unchanged');
	const sorted = [...issues].sort((a, b) =>
		a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1
	);
	return {
		kind,
		file,
		counts,
		errors: issues.filter((i) => i.severity === 'error').length,
		warnings: issues.filter((i) => i.severity === 'warning').length,
		entries: [...entries.filter((e) => e.action !== 'unchanged'), ...unchanged.slice(0, LIST_CAP)],
		missing: missing.slice(0, LIST_CAP),
		issues: sorted.slice(0, ISSUE_CAP),
		truncated: {
			unchanged: unchanged.length > LIST_CAP,
			missing: missing.length > LIST_CAP,
			issues: issues.length > ISSUE_CAP
		},
		fingerprint
	};
}

/** One line per issue, as the CLI prints it and the error message of a refused apply quotes it. */
export function describeIssue(i: ImportIssue): string {
	const where = [
		`trang "${i.sheet}"`,
		i.row !== null ? `dòng ${i.row}` : null,
		i.column || i.header
			? `cột ${[i.column, i.header ? `(${i.header})` : null].filter(Boolean).join(' ')}`
			: null
	]
		.filter(Boolean)
		.join(', ');
	return `${where}: ${i.message}`;
}
