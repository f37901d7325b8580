// The import history of signing events (import_runs) and the rejected records kept with each run
// (import_run_rejections). Written in short statements of their own, never inside the import's
// transaction: the progress a running import reports and the reasons of a refused one stay
// readable and survive the rollback of what was refused.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { IngestMode, IngestOptions, IngestRowError } from './ingest-types';

/**
 * Bookkeeping that need not wait for its own disk flush: the run's start, progress and
 * rejections. The run's end (or the events' transaction) commits synchronously and so makes
 * everything written before it durable too; a crash of the database server in between loses at
 * most a progress figure of a run that then reads as abandoned.
 */
async function unflushed<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	if (db.isTransaction) return fn(db);
	return db.transaction().execute(async (trx) => {
		await sql`set local synchronous_commit = off`.execute(trx);
		return fn(trx);
	});
}

export type ImportRunStatus = 'running' | 'committed' | 'rejected' | 'failed';

export interface ImportRunCounts {
	rowsRead: number;
	inserted: number;
	alreadyPresent: number;
	rejected: number;
	unknownCertificates: number;
}

export async function startImportRun(
	db: Kysely<Database>,
	mode: IngestMode,
	o: IngestOptions
): Promise<number> {
	const row = await unflushed(db, (trx) =>
		trx
			.insertInto('import_runs')
			.values({
				kind: 'signing_events',
				origin: o.origin.kind,
				user_id: o.origin.userId ?? o.who.userId ?? null,
				api_key_id: o.origin.apiKeyId ?? null,
				source_system: o.origin.sourceSystem ?? null,
				file_name: o.origin.fileName ?? null,
				encoding: o.origin.encoding ?? null,
				mode,
				rows_total: o.rowsTotal ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	);
	return row.id;
}

/** The progress a running import reports (read by the upload page's progress bar). */
export async function recordProgress(
	db: Kysely<Database>,
	runId: number,
	rowsRead: number,
	rejected: number
): Promise<void> {
	await unflushed(db, (trx) =>
		trx
			.updateTable('import_runs')
			.set({ rows_read: rowsRead, rejected })
			.where('id', '=', runId)
			.where('status', '=', 'running')
			.execute()
	);
}

export async function finishImportRun(
	db: Kysely<Database>,
	runId: number,
	status: Exclude<ImportRunStatus, 'running'>,
	counts: ImportRunCounts,
	durationMs: number,
	error?: string
): Promise<void> {
	await db
		.updateTable('import_runs')
		.set({
			status,
			rows_read: counts.rowsRead,
			inserted: counts.inserted,
			already_present: counts.alreadyPresent,
			rejected: counts.rejected,
			unknown_certificates: counts.unknownCertificates,
			error: error?.slice(0, 2000) ?? null,
			finished_at: new Date(),
			duration_ms: Math.round(durationMs)
		})
		.where('id', '=', runId)
		.execute();
}

const MAX_KEPT_TEXT = 2000;

/** A surrogate half without its other half: JSON.stringify writes it as an escape jsonb refuses. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as jsonb accepts it: no NUL, lone surrogate halves as U+FFFD. */
export function jsonbText(s: string): string {
	const clean = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
	return clean.replace(LONE_SURROGATE, '\uFFFD');
}

/** A record's values as jsonb accepts them: no NUL or lone surrogate (in values and in keys), no BigInt, no megabyte cells. */
export function keptValues(values: Record<string, unknown> | undefined): string | null {
	if (!values) return null;
	return JSON.stringify(values, (_k, v: unknown) => {
		if (typeof v === 'bigint') return v.toString();
		if (typeof v === 'string') {
			const clean = jsonbText(v);
			return clean.length > MAX_KEPT_TEXT ? `${clean.slice(0, MAX_KEPT_TEXT)}…` : clean;
		}
		// The keys are the sender's too (an API record is any JSON object).
		if (
			v !== null &&
			typeof v === 'object' &&
			!Array.isArray(v) &&
			Object.keys(v).some((k) => jsonbText(k) !== k)
		)
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [jsonbText(k), x]));
		return v;
	});
}

/** Stores rejected records (one statement for a chunk's worth). */
export async function recordRejections(
	db: Kysely<Database>,
	runId: number,
	errors: readonly IngestRowError[]
): Promise<void> {
	if (!errors.length) return;
	const rows = errors.map((e) => ({
		line: e.line,
		// Field names and messages may carry the sender's keys.
		field: e.field === null ? null : jsonbText(e.field),
		vi: jsonbText(e.messageVi),
		en: jsonbText(e.messageEn),
		values: keptValues(e.values)
	}));
	await unflushed(db, (trx) =>
		sql`
			insert into import_run_rejections (run_id, line, field, message_vi, message_en, values)
			select ${runId}::int, x.line, x.field, x.vi, x.en, x.values::jsonb
			from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(line int, field text, vi text, en text, values text)
		`.execute(trx)
	);
}

/** Runs still marked running whose process died: marked failed (called before a new import starts). */
export async function failAbandonedRuns(db: Kysely<Database>, olderThanMinutes = 6 * 60): Promise<number> {
	const r = await sql`
		update import_runs set status = 'failed', finished_at = now(),
			error = 'Tiến trình nhập dừng giữa chừng (máy chủ khởi động lại hoặc mất kết nối); không có dữ liệu nào được ghi.'
		where status = 'running' and kind = 'signing_events'
			and started_at < now() - make_interval(mins => ${olderThanMinutes})
	`.execute(db);
	return Number(r.numAffectedRows ?? 0);
}
