// Step 3 of /ky-so/nhap: the import of a staged export. Starting it checks the mapping, saves it
// for the source system (audited), marks the upload as running and hands the rows to the ingestion
// pipeline in the background, so the request returns at once and the page follows the progress
// (import_runs.rows_read, through uploadProgress). The staged bytes are deleted when it ends.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AgencyScope } from '../../auth/roles';
import type { AuditWho } from '../../audit/from-event';
import { recordAudit } from '../../audit/log';
import { AppError, userMessage } from '../../../errors';
import { ingestSigningEvents } from '../event-ingest';
import { ENCODING_LABELS } from '../readers/decoder';
import { toRecords } from '../mapping/event-records';
import { toSavedMapping } from '../mapping/column-mapping';
import { stagedFile, readFileShape, type FileShape } from './file-shape';
import { saveColumnMapping } from './column-mappings';
import { claimStaged, removeStagedData, saveStaged, hasStagedData, type StagedUpload } from './staging';
import type { ImportSettings } from './settings';
import { logger } from '../../logging/logger';

export interface StartContext {
	who: AuditWho;
	scope: AgencyScope;
}

async function countRows(f: FileShape): Promise<number> {
	if (f.table.rowsHint !== null) return f.table.rowsHint;
	let n = 0;
	for await (const _ of f.table.rows()) n++;
	return n;
}

async function runImport(
	db: Kysely<Database>,
	dir: string,
	staged: StagedUpload,
	f: FileShape,
	ctx: StartContext
): Promise<void> {
	const run = staged.run!;
	try {
		run.rowsTotal = await countRows(f);
		await saveStaged(dir, staged);
		const result = await ingestSigningEvents(db, toRecords(f.table.rows(), f.shape), {
			mode: run.settings.mode,
			who: ctx.who,
			origin: {
				kind: 'upload',
				fileName: staged.fileName,
				encoding: f.encoding ? ENCODING_LABELS[f.encoding] : undefined,
				userId: ctx.who.userId,
				sourceSystem: f.sourceSystem ?? undefined
			},
			scope: ctx.scope,
			rowsTotal: run.rowsTotal
		});
		staged.run = { ...run, status: 'done', runId: result.runId };
	} catch (e) {
		logger.error({ err: e, upload: staged.token }, 'import of an upload failed');
		staged.run = { ...run, status: 'failed', error: userMessage(e) };
	}
	await saveStaged(dir, staged);
	await removeStagedData(dir, staged.token);
}

/**
 * Starts the import; resolves once it is under way (or refuses it: AppError), with `done` settling when it ends.
 * A second start of the same upload is refused.
 */
export async function startUploadImport(
	db: Kysely<Database>,
	dir: string,
	staged: StagedUpload,
	settings: ImportSettings,
	ctx: StartContext
): Promise<{ done: Promise<void> }> {
	const already = new AppError(
		'CONFLICT',
		'Tệp này đã được nhập (hoặc đang nhập): hãy xem kết quả trong lịch sử nhập.'
	);
	if (staged.run || !(await hasStagedData(dir, staged.token))) throw already;
	const f = await readFileShape(db, stagedFile(dir, staged), settings);
	if (f.problems.length)
		throw new AppError('INVALID_INPUT', f.problems.map((p) => p.messageVi).join(' '), {
			problems: f.problems
		});
	if (!f.firstRows.length) throw new AppError('INVALID_INPUT', 'Tệp không có dòng dữ liệu nào.');
	if (!(await claimStaged(dir, staged.token))) throw already;
	if (f.sourceSystem) {
		const saved = toSavedMapping(f.table.headers, f.shape.mapping, f.shape.constants);
		await saveColumnMapping(db, f.sourceSystem, saved, ctx.who.userId);
		await recordAudit(db, {
			...ctx.who,
			action: 'signing_event.column_mapping',
			entityType: 'event_column_mappings',
			entityId: f.sourceSystem,
			details: { file: staged.fileName, columns: saved.columns, constants: saved.constants }
		});
	}
	staged.run = { status: 'running', startedAt: new Date().toISOString(), settings };
	await saveStaged(dir, staged);
	return { done: runImport(db, dir, staged, f, ctx) };
}

export interface UploadProgress {
	status: 'ready' | 'running' | 'done' | 'failed';
	rowsRead: number;
	rowsTotal: number | null;
	runId: number | null;
	error: string | null;
}

/** Where the import of a staged upload stands: its run's rows_read while it runs, its run id once done. */
export async function uploadProgress(db: Kysely<Database>, staged: StagedUpload): Promise<UploadProgress> {
	const run = staged.run;
	if (!run) return { status: 'ready', rowsRead: 0, rowsTotal: null, runId: null, error: null };
	let q = db
		.selectFrom('import_runs')
		.select(['id', 'rows_read', 'rows_total'])
		.where('kind', '=', 'signing_events');
	// Until the pipeline returns, the run is found by what the upload gave it: who, which file, started since.
	q = run.runId
		? q.where('id', '=', run.runId)
		: q
				.where('origin', '=', 'upload')
				.where('user_id', staged.userId === null ? 'is' : '=', staged.userId)
				.where('file_name', '=', staged.fileName)
				.where('started_at', '>=', new Date(Date.parse(run.startedAt) - 1000))
				.orderBy('id', 'desc')
				.limit(1);
	const row = await q.executeTakeFirst();
	return {
		status: run.status,
		rowsRead: row?.rows_read ?? 0,
		rowsTotal: row?.rows_total ?? run.rowsTotal ?? null,
		runId: run.runId ?? null,
		error: run.error ?? null
	};
}
