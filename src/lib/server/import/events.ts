// Signing events from a document system's export (CSV or JSON Lines) read whole, as the CLI and
// the first upload page did: a thin wrapper over the ingestion pipeline (event-ingest.ts) in
// all-or-nothing mode, with each rejected line's problems joined into one message.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditInput } from '../audit/log';
import { parseCsv } from './csv';
import { ingestSigningEvents } from './event-ingest';
import type { IngestOptions, RawEventRecord } from './ingest-types';
import { signingEventSchema, type SigningEventRecord } from './event-schema';

export { signedAtWindow } from './event-record-check';
/** The canonical fields of a signing event (readers map their columns to these names). */
export const eventRowSchema = signingEventSchema;
export type EventRow = SigningEventRecord;

export interface RowError {
	line: number;
	message: string;
}

export interface EventImportResult {
	rows: number;
	inserted: number;
	alreadyPresent: number;
	errors: RowError[];
	/** The import run (import_runs.id) that recorded this import. */
	runId?: number;
	unknownCertificates?: number;
}

/** Reads CSV (header row) or JSON Lines by the file name, or by the first character when unsure. */
export function readEventRecords(
	name: string,
	text: string
): { records: { line: number; values: unknown }[]; errors: RowError[] } {
	const jsonl =
		/\.(jsonl|ndjson|json)$/i.test(name) || (!/\.csv$/i.test(name) && text.trimStart().startsWith('{'));
	if (!jsonl) {
		const csv = parseCsv(text);
		return { records: csv.records, errors: csv.errors };
	}
	const records: { line: number; values: unknown }[] = [];
	const errors: RowError[] = [];
	text.split(/\r?\n/).forEach((raw, i) => {
		if (!raw.trim()) return;
		try {
			records.push({ line: i + 1, values: JSON.parse(raw) });
		} catch {
			errors.push({ line: i + 1, message: 'không phải JSON hợp lệ' });
		}
	});
	return { records, errors };
}

export async function importSigningEvents(
	db: Kysely<Database>,
	file: { name: string; text: string },
	who: Omit<AuditInput, 'action'>,
	origin: IngestOptions['origin'] = { kind: 'cli', fileName: file.name }
): Promise<EventImportResult> {
	const read = readEventRecords(file.name, file.text);
	// A line that could not be read at all is a rejected record of the run too (null fails the
	// schema); its own message (not JSON, unclosed quote, …) is the one reported.
	const unreadable = new Map(read.errors.map((e) => [e.line, e.message]));
	const records: RawEventRecord[] = [
		...read.records.map((r) => ({ line: r.line, values: r.values as Record<string, unknown> })),
		...read.errors.map((e) => ({ line: e.line, values: null as unknown as Record<string, unknown> }))
	].sort((x, y) => x.line - y.line);
	const r = await ingestSigningEvents(db, records, {
		mode: 'all-or-nothing',
		who,
		origin: { ...origin, fileName: origin.fileName ?? file.name }
	});
	const byLine = new Map<number, string[]>();
	for (const e of r.errors) {
		const message = unreadable.get(e.line) ?? (e.field ? `${e.field}: ${e.messageVi}` : e.messageVi);
		const list = byLine.get(e.line) ?? [];
		if (!list.includes(message)) list.push(message);
		byLine.set(e.line, list);
	}
	const errors = [...byLine].sort(([a], [b]) => a - b).map(([line, m]) => ({ line, message: m.join('; ') }));
	return {
		rows: r.rows,
		inserted: r.inserted,
		alreadyPresent: r.alreadyPresent,
		errors: r.committed ? [] : errors,
		runId: r.runId,
		unknownCertificates: r.unknownCertificates
	};
}
