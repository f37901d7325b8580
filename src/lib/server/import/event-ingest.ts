// TEMPORARY SHIM of the ingestion pipeline, so the upload page can be built while the real
// pipeline is written on the events-api branch; the coordinator drops this file at merge.
// ingestSigningEvents over the old all-or-nothing importSigningEvents: the records are turned
// into JSON Lines chunks, a chunk's failed records are dropped and the rest retried in valid-rows
// mode, and the run and its rejections are recorded in import_runs / import_run_rejections.
// Unknown certificates stay row errors here and English messages are the Vietnamese ones.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { importSigningEvents } from './events';
import type { IngestOptions, IngestResult, IngestRowError, RawEventRecord } from './ingest-types';

const CHUNK = 2_000;
const PROGRESS_EVERY = 5_000;
const FIELDS = new Set([
	'source_system',
	'source_id',
	'signed_at',
	'certificate_fingerprint',
	'certificate_serial',
	'acting_person_national_id',
	'acting_person_email',
	'acting_title',
	'signing_form',
	'document_number',
	'document_agency_code',
	'classification',
	'channel',
	'direction',
	'incoming_indication',
	'accepted'
]);

function toRowError(message: string, record: RawEventRecord, chunk: RawEventRecord[]): IngestRowError {
	const m = /^([a-z_]+): /.exec(message);
	const field = m && FIELDS.has(m[1]!) ? m[1]! : null;
	const text = message.replace(/trùng với dòng (\d+)/, (_, n: string) => {
		const first = chunk[Number(n) - 1];
		return `trùng với dòng ${first ? first.line : n}`;
	});
	return { line: record.line, field, messageVi: text, messageEn: text, values: record.values };
}

export async function ingestSigningEvents(
	db: Kysely<Database>,
	records: AsyncIterable<RawEventRecord>,
	options: IngestOptions
): Promise<IngestResult> {
	const started = Date.now();
	const { origin } = options;
	const run = await db
		.insertInto('import_runs')
		.values({
			kind: 'signing_events',
			origin: origin.kind,
			user_id: origin.userId ?? options.who.userId ?? null,
			api_key_id: origin.apiKeyId ?? null,
			source_system: origin.sourceSystem ?? null,
			file_name: origin.fileName ?? null,
			encoding: origin.encoding ?? null,
			mode: options.mode,
			rows_total: options.rowsTotal ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const errors: IngestRowError[] = [];
	let rows = 0;
	let inserted = 0;
	let alreadyPresent = 0;
	let committed = true;

	const importChunk = async (chunk: RawEventRecord[], poison: boolean): Promise<void> => {
		if (!chunk.length && !poison) return;
		// A trailing empty object always fails: all-or-nothing with reader problems stores nothing.
		const text = chunk.map((r) => JSON.stringify(r.values)).join('\n') + (poison ? '\n{}' : '');
		const who = { ...options.who, details: { ...(options.who.details ?? {}), run: run.id } };
		const res = await importSigningEvents(db, { name: 'shim.jsonl', text }, who);
		if (!res.errors.length) {
			inserted += res.inserted;
			alreadyPresent += res.alreadyPresent;
			return;
		}
		const bad = new Set<number>();
		for (const e of res.errors) {
			const record = chunk[e.line - 1];
			if (!record) continue;
			bad.add(e.line - 1);
			errors.push(toRowError(e.message, record, chunk));
		}
		if (options.mode === 'valid-rows') {
			const rest = chunk.filter((_, i) => !bad.has(i));
			if (rest.length) {
				const again = await importSigningEvents(
					db,
					{ name: 'shim.jsonl', text: rest.map((r) => JSON.stringify(r.values)).join('\n') },
					who
				);
				inserted += again.inserted;
				alreadyPresent += again.alreadyPresent;
				for (const e of again.errors) {
					const record = rest[e.line - 1];
					if (record) errors.push(toRowError(e.message, record, rest));
				}
			}
		} else committed = false;
	};

	try {
		let pending: RawEventRecord[] = [];
		for await (const r of records) {
			rows++;
			if (r.problem) errors.push({ line: r.line, ...r.problem, values: r.values });
			else pending.push(r);
			if (rows % PROGRESS_EVERY === 0) {
				options.onProgress?.(rows);
				await db.updateTable('import_runs').set({ rows_read: rows }).where('id', '=', run.id).execute();
			}
			if (options.mode === 'valid-rows' && pending.length >= CHUNK) {
				await importChunk(pending, false);
				pending = [];
			}
		}
		options.onProgress?.(rows);
		const readerProblems = errors.length > 0;
		if (options.mode === 'all-or-nothing') {
			await importChunk(pending, readerProblems);
			if (readerProblems) committed = false;
		} else await importChunk(pending, false);
	} catch (e) {
		await db
			.updateTable('import_runs')
			.set({
				status: 'failed',
				rows_read: rows,
				error: (e as Error).message.slice(0, 500),
				finished_at: new Date(),
				duration_ms: Date.now() - started
			})
			.where('id', '=', run.id)
			.execute();
		throw e;
	}
	errors.sort((a, b) => a.line - b.line);
	for (let i = 0; i < errors.length; i += 1000)
		await db
			.insertInto('import_run_rejections')
			.values(
				errors.slice(i, i + 1000).map((e) => ({
					run_id: run.id,
					line: e.line,
					field: e.field,
					message_vi: e.messageVi,
					message_en: e.messageEn,
					values: e.values === undefined ? null : JSON.stringify(e.values)
				}))
			)
			.execute();
	if (!committed) {
		inserted = 0;
		alreadyPresent = 0;
	}
	const rejected = new Set(errors.map((e) => e.line)).size;
	const durationMs = Date.now() - started;
	await db
		.updateTable('import_runs')
		.set({
			status: committed ? 'committed' : 'rejected',
			rows_read: rows,
			inserted,
			already_present: alreadyPresent,
			rejected,
			finished_at: new Date(),
			duration_ms: durationMs
		})
		.where('id', '=', run.id)
		.execute();
	return {
		runId: run.id,
		rows,
		inserted,
		alreadyPresent,
		rejected,
		unknownCertificates: 0,
		committed,
		errors,
		durationMs
	};
}
