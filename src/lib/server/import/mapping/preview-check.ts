// The errors of the first rows, shown before anything is imported: each record goes through the
// very checks the import makes before it reads the database (event-record-check.ts: the reader's
// own finding, the schema, the signing-time window, a key repeated inside the file). Certificates,
// people and agencies are resolved by the import itself.
import type { RawEventRecord } from '../ingest-types';
import { EventRecordChecker } from '../event-record-check';
import { FIELD_LABELS, isEventField } from '../../../import/event-fields';

// A reader's own reason already names its cell ("ô A5 chứa công thức …").
const labelled = (e: { field: string | null; messageVi: string; code?: string }) =>
	e.code !== 'READER' && e.field && isEventField(e.field)
		? `${FIELD_LABELS[e.field].vi}: ${e.messageVi}`
		: e.messageVi;

/** The Vietnamese problems of each record (empty when it would pass the checks), in order. */
export function checkPreviewRecords(records: readonly RawEventRecord[], now = new Date()): string[][] {
	const checker = new EventRecordChecker({ origin: { kind: 'upload' } }, now);
	return records.map((r) => {
		const checked = checker.check(r);
		return checked.ok ? [] : checked.errors.map(labelled);
	});
}
