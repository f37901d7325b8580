// The one ingestion pipeline of signing events, fed by every reader (the upload page's files, the
// JSON API, the CLI). It streams: each record is checked as it arrives (event-record-check.ts),
// references are resolved and valid events staged a chunk at a time (event-references.ts,
// event-stage.ts), rejected records are stored with the run as they are found (import-runs.ts),
// and only at the end does one transaction move the staged events into signing_events, open the
// unknown_certificate findings and mark the run committed. Memory stays flat whatever the input
// size: a chunk of records, the caches of references, and one entry per source key for the
// in-input duplicate check.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit/log';
import { isConnectionLost } from '../db/connection-errors';
import { ensureSigningEventPartitions } from '../db/partitions';
import { openUnknownCertificateFindings } from '../findings/unknown-certificates';
import type { IngestOptions, IngestResult, IngestRowError, RawEventRecord } from './ingest-types';
import { EventRecordChecker } from './event-record-check';
import { EventReferenceResolver } from './event-references';
import {
	commitStage,
	createStage,
	dropOrphanStages,
	dropStage,
	lockSourceSystems,
	stageEvents,
	stagedUnknownReferences,
	type StagedEvent,
	type StagedSource
} from './event-stage';
import {
	failAbandonedRuns,
	finishImportRun,
	recordProgress,
	recordRejections,
	startImportRun,
	type ImportRunCounts,
	type ImportRunStatus
} from './import-runs';
import type { SigningEventRecord } from './event-schema';
import { favourMemoryWhileImporting } from './import-memory';

/** Records per chunk: references resolved, events staged and progress written this often. */
export const INGEST_CHUNK = 5000;
/** Rejected records kept per run in import_run_rejections (all are counted). */
export const MAX_KEPT_REJECTIONS = 100_000;
const DEFAULT_MAX_ERRORS = 10_000;

class IngestRun {
	readonly started = performance.now();
	rowsRead = 0;
	rejected = 0;
	outOfScope = 0;
	staged = 0;
	keptRejections = 0;
	readonly errors: IngestRowError[] = [];
	errorsTruncated = false;
	first = Infinity;
	last = -Infinity;
	readonly systems = new Set<string>();
	/** Staged events held in memory until a second chunk arrives; then the staging table is made. */
	private memory: StagedEvent[] | null = [];
	/** Set while a run of more than one chunk holds V8 to its memory-saving mode (import-memory.ts). */
	releaseMemoryMode: (() => void) | null = null;
	private pending: Promise<unknown> | null = null;
	private readonly checker: EventRecordChecker;
	private readonly resolver: EventReferenceResolver;
	private readonly maxErrors: number;

	/** The run's id in import_runs: 0 until its row is written (whenStarted). */
	runId = 0;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly starting: Promise<number>,
		private readonly o: IngestOptions
	) {
		this.checker = new EventRecordChecker(o);
		this.resolver = new EventReferenceResolver(db);
		this.maxErrors = o.maxErrors ?? DEFAULT_MAX_ERRORS;
	}

	/** Waits for the run's row (written while the first chunk is checked); its failure is the run's. */
	async whenStarted(): Promise<number> {
		if (!this.runId) this.runId = await this.starting;
		return this.runId;
	}

	/** Whether what is read so far can still be stored: all-or-nothing stops staging at the first error. */
	private get storing(): boolean {
		if (this.o.outOfScope === 'refuse-batch' && this.outOfScope > 0) return false;
		return this.o.mode === 'valid-rows' || this.rejected === 0;
	}

	get refused(): boolean {
		return this.rowsRead === 0 || !this.storing;
	}

	private reject(errors: IngestRowError[], out: IngestRowError[]): void {
		this.rejected += 1;
		for (const e of errors) {
			if (this.errors.length < this.maxErrors) this.errors.push(e);
			else this.errorsTruncated = true;
			if (this.keptRejections < MAX_KEPT_REJECTIONS) {
				out.push(e);
				this.keptRejections += 1;
			}
		}
	}

	/** One chunk of records; `last` when no record follows (its progress is the run's end). */
	async chunk(raws: readonly RawEventRecord[], last: boolean): Promise<void> {
		const toKeep: IngestRowError[] = [];
		const checked: { raw: RawEventRecord; record: SigningEventRecord }[] = [];
		for (const raw of raws) {
			const c = this.checker.check(raw);
			if (c.ok) checked.push({ raw, record: c.record });
			else this.reject(c.errors, toKeep);
		}
		this.rowsRead += raws.length;
		const resolved = checked.length ? await this.resolver.resolve(checked.map((c) => c.record)) : [];
		await this.whenStarted();
		const stage: StagedEvent[] = [];
		const scope = this.o.scope;
		resolved.forEach((res, i) => {
			const { raw, record } = checked[i]!;
			const fail = (field: string | null, vi: string, en: string, code?: string) =>
				this.reject(
					[
						{
							line: raw.line,
							field,
							messageVi: vi,
							messageEn: en,
							values: raw.values,
							...(code ? { code } : {})
						}
					],
					toKeep
				);
			if (!res.ok) {
				this.reject(
					res.issues.map((x) => ({
						line: raw.line,
						field: x.field,
						messageVi: x.vi,
						messageEn: x.en,
						values: raw.values
					})),
					toKeep
				);
				return;
			}
			if (scope && scope.kind === 'subtree' && !res.refs.ownerAgencyPath?.startsWith(scope.path)) {
				this.outOfScope += 1;
				const field = record.document_agency_code
					? 'document_agency_code'
					: record.certificate_fingerprint
						? 'certificate_fingerprint'
						: 'certificate_serial';
				fail(
					field,
					'sự kiện không thuộc cơ quan trong phạm vi được phép (theo cơ quan của văn bản, hoặc của chứng thư ký khi văn bản không ghi cơ quan)',
					'the event does not belong to an agency within the allowed scope (by the document’s agency, or the signing certificate’s when the document names none)',
					'OUT_OF_SCOPE'
				);
				return;
			}
			stage.push({ line: raw.line, record, refs: res.refs });
		});
		// Staging of the previous chunk ran while this one was checked; one at a time is enough.
		await this.settle();
		if (this.storing && stage.length) {
			for (const s of stage) {
				const t = s.record.signed_at.getTime();
				if (t < this.first) this.first = t;
				if (t > this.last) this.last = t;
				this.systems.add(s.record.source_system);
			}
			this.staged += stage.length;
			if (this.memory && this.memory.length + stage.length <= INGEST_CHUNK) this.memory.push(...stage);
			else {
				if (this.memory) {
					// Only a run of more than one chunk has a staging table, so only such runs sweep
					// up after runs whose process died (their tables, their 'running' status).
					this.releaseMemoryMode = favourMemoryWhileImporting();
					await failAbandonedRuns(this.db).catch(() => 0);
					await dropOrphanStages(this.db).catch(() => undefined);
					await createStage(this.db, this.runId);
					stage.unshift(...this.memory);
					this.memory = null;
				}
				this.pending = stageEvents(this.db, this.runId, stage).then(
					() => null,
					(e: unknown) => e
				);
			}
		}
		if (toKeep.length) await recordRejections(this.db, this.runId, toKeep);
		// The last chunk's count is written with the run's end.
		if (!last) await recordProgress(this.db, this.runId, this.rowsRead, this.rejected);
		this.o.onProgress?.(this.rowsRead);
	}

	get source(): StagedSource {
		return this.memory ? { rows: this.memory } : { table: this.runId };
	}

	get hasStageTable(): boolean {
		return this.memory === null;
	}

	/** Waits for the staging insert in flight; its failure is the run's failure. */
	async settle(): Promise<void> {
		const outcome = await this.pending;
		this.pending = null;
		if (outcome) throw outcome;
	}

	counts(inserted = 0, unknownCertificates = 0): ImportRunCounts {
		return {
			rowsRead: this.rowsRead,
			inserted,
			alreadyPresent: this.refused ? 0 : this.staged - inserted,
			rejected: this.rejected,
			unknownCertificates
		};
	}

	audit(
		db: Kysely<Database>,
		status: ImportRunStatus,
		c: ImportRunCounts,
		extra: Record<string, unknown> = {}
	) {
		const { who, origin, mode } = this.o;
		return recordAudit(db, {
			...who,
			action: 'signing_event.import',
			entityType: 'import_run',
			entityId: this.runId,
			details: {
				runId: this.runId,
				origin: origin.kind,
				...(origin.fileName ? { file: origin.fileName } : {}),
				...(origin.encoding ? { encoding: origin.encoding } : {}),
				...(origin.apiKeyId !== undefined ? { apiKeyId: origin.apiKeyId } : {}),
				...(origin.sourceSystem ? { sourceSystem: origin.sourceSystem } : {}),
				mode,
				status,
				rows: c.rowsRead,
				inserted: c.inserted,
				alreadyPresent: c.alreadyPresent,
				rejected: c.rejected,
				unknownCertificates: c.unknownCertificates,
				...extra,
				...(who.details ?? {})
			}
		});
	}

	result(committed: boolean, c: ImportRunCounts): IngestResult {
		return {
			runId: this.runId,
			rows: c.rowsRead,
			inserted: c.inserted,
			alreadyPresent: c.alreadyPresent,
			rejected: c.rejected,
			unknownCertificates: c.unknownCertificates,
			committed,
			errors: this.errors,
			durationMs: Math.round(performance.now() - this.started),
			...(this.errorsTruncated ? { errorsTruncated: true } : {}),
			...(this.outOfScope ? { outOfScope: this.outOfScope } : {})
		};
	}
}

const elapsed = (run: IngestRun) => performance.now() - run.started;

async function commit(db: Kysely<Database>, run: IngestRun): Promise<IngestResult> {
	if (run.staged) await ensureSigningEventPartitions(db, new Date(run.first), new Date(run.last));
	return db.transaction().execute(async (trx) => {
		let inserted = 0;
		let unknown = 0;
		if (run.staged) {
			await lockSourceSystems(trx, run.systems);
			({ inserted, unknownCertificates: unknown } = await commitStage(trx, run.source));
			if (unknown) await openUnknownCertificateFindings(trx, await stagedUnknownReferences(trx, run.source));
		}
		const c = run.counts(inserted, unknown);
		await run.audit(trx, 'committed', c);
		await finishImportRun(trx, run.runId, 'committed', c, elapsed(run));
		return run.result(true, c);
	});
}

async function refuse(db: Kysely<Database>, run: IngestRun): Promise<IngestResult> {
	const c = run.counts();
	await finishImportRun(db, run.runId, 'rejected', c, elapsed(run));
	await run.audit(db, 'rejected', c);
	return run.result(false, c);
}

/** Marks the run failed and audits it; the database may be what failed, so nothing here may throw. */
async function failRun(db: Kysely<Database>, run: IngestRun, e: unknown): Promise<void> {
	const message = e instanceof Error ? e.message : String(e);
	const c = { ...run.counts(), inserted: 0, alreadyPresent: 0 };
	// A cut connection often takes the pool's idle ones with it: the first tries may meet dead
	// connections before the pool opens a fresh one.
	for (const wait of [0, 100, 500, 2000]) {
		if (wait) await new Promise((r) => setTimeout(r, wait));
		try {
			await finishImportRun(db, run.runId, 'failed', c, elapsed(run), message);
			await run.audit(db, 'failed', c, { error: message.slice(0, 500) });
			return;
		} catch (again) {
			// The run stays 'running' until failAbandonedRuns marks it; nothing was stored either way.
			if (!isConnectionLost(again)) return;
		}
	}
}

/**
 * Ingests signing events as the mode asks: 'all-or-nothing' stores every event or none (any
 * rejected record refuses the whole input, every error reported), 'valid-rows' stores the valid
 * ones and reports each rejected one. A repeated event (same source_system and source_id) is
 * counted as already present and changes nothing. A reader that throws or a database that goes
 * away mid-import leaves nothing stored and the run marked failed; the error is rethrown.
 */
export async function ingestSigningEvents(
	db: Kysely<Database>,
	records: AsyncIterable<RawEventRecord> | Iterable<RawEventRecord>,
	options: IngestOptions
): Promise<IngestResult> {
	// The run's row is written while the first chunk is checked and its references looked up: the
	// id is needed only to store what was checked (a round trip less per API batch).
	const starting = startImportRun(db, options.mode, options);
	starting.catch(() => undefined); // surfaced by whenStarted; a reader failing first must not leave it unhandled
	const run = new IngestRun(db, starting, options);
	try {
		let chunk: RawEventRecord[] = [];
		// A full chunk is processed when the next record arrives, so the last one is known as such.
		for await (const r of records) {
			if (chunk.length === INGEST_CHUNK) {
				await run.chunk(chunk, false);
				chunk = [];
			}
			chunk.push(r);
		}
		if (chunk.length) await run.chunk(chunk, true);
		const runId = await run.whenStarted();
		await run.settle();
		if (run.rowsRead === 0) {
			const none = {
				line: 1,
				field: null,
				messageVi: 'không có sự kiện nào để nhập',
				messageEn: 'there are no events to import'
			};
			run.errors.push(none);
			await recordRejections(db, runId, [none]);
		}
		return run.refused ? await refuse(db, run) : await commit(db, run);
	} catch (e) {
		await run.settle().catch(() => undefined);
		// A run whose row could not be written has nothing to mark.
		if (await run.whenStarted().catch(() => 0)) await failRun(db, run, e);
		throw e;
	} finally {
		run.releaseMemoryMode?.();
		if (run.hasStageTable) await dropStage(db, run.runId).catch(() => undefined);
	}
}
