// The import history (import_runs) and the rejected rows of a run (import_run_rejections), as the
// upload page shows them. Who sees what: a user with the whole province in scope sees every run,
// any other user the runs they started.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AgencyScope } from '../../auth/roles';

export interface RunViewer {
	userId: number | null;
	scope: AgencyScope;
}

export interface ImportRunView {
	id: number;
	origin: 'upload' | 'api' | 'cli';
	status: 'running' | 'committed' | 'rejected' | 'failed';
	mode: 'all-or-nothing' | 'valid-rows';
	fileName: string | null;
	sourceSystem: string | null;
	encoding: string | null;
	/** A user's name, an API key's name, or null (the command line). */
	who: string | null;
	startedAt: Date;
	finishedAt: Date | null;
	durationMs: number | null;
	rowsTotal: number | null;
	rowsRead: number;
	inserted: number;
	alreadyPresent: number;
	rejected: number;
	unknownCertificates: number;
	error: string | null;
}

function runsQuery(db: Kysely<Database>, viewer: RunViewer) {
	let q = db
		.selectFrom('import_runs as r')
		.leftJoin('users as u', 'u.id', 'r.user_id')
		.leftJoin('api_keys as k', 'k.id', 'r.api_key_id')
		.where('r.kind', '=', 'signing_events')
		.select([
			'r.id',
			'r.origin',
			'r.status',
			'r.mode',
			'r.file_name as fileName',
			'r.source_system as sourceSystem',
			'r.encoding',
			'u.display_name as userName',
			'k.name as keyName',
			'r.started_at as startedAt',
			'r.finished_at as finishedAt',
			'r.duration_ms as durationMs',
			'r.rows_total as rowsTotal',
			'r.rows_read as rowsRead',
			'r.inserted',
			'r.already_present as alreadyPresent',
			'r.rejected',
			'r.unknown_certificates as unknownCertificates',
			'r.error'
		]);
	if (viewer.scope.kind !== 'all') q = q.where('r.user_id', '=', viewer.userId ?? -1);
	return q;
}

type RunRow = Awaited<ReturnType<ReturnType<typeof runsQuery>['execute']>>[number];
const toView = ({ userName, keyName, ...r }: RunRow): ImportRunView => ({
	...r,
	who: userName ?? (keyName ? `Khóa API: ${keyName}` : null)
});

export async function listImportRuns(
	db: Kysely<Database>,
	viewer: RunViewer,
	limit = 20
): Promise<ImportRunView[]> {
	const rows = await runsQuery(db, viewer).orderBy('r.id', 'desc').limit(limit).execute();
	return rows.map(toView);
}

/** The run, or null when it does not exist or the viewer may not see it. */
export async function getImportRun(
	db: Kysely<Database>,
	id: number,
	viewer: RunViewer
): Promise<ImportRunView | null> {
	const row = await runsQuery(db, viewer).where('r.id', '=', id).executeTakeFirst();
	return row ? toView(row) : null;
}

export interface RejectedRow {
	line: number;
	reasons: string[];
	values: Record<string, unknown> | null;
}

/** The rejected rows of a run in line order, a row's several reasons together; pages of `pageSize` lines. */
export async function* rejectedRows(
	db: Kysely<Database>,
	runId: number,
	pageSize = 5000
): AsyncGenerator<RejectedRow> {
	let after = { line: -1, id: -1 };
	let current: RejectedRow | null = null;
	for (;;) {
		const page = await db
			.selectFrom('import_run_rejections')
			.select(['id', 'line', 'message_vi', 'values'])
			.where('run_id', '=', runId)
			.where((eb) =>
				eb.or([eb('line', '>', after.line), eb.and([eb('line', '=', after.line), eb('id', '>', after.id)])])
			)
			.orderBy('line')
			.orderBy('id')
			.limit(pageSize)
			.execute();
		for (const r of page) {
			if (current && current.line === r.line) current.reasons.push(r.message_vi);
			else {
				if (current) yield current;
				current = {
					line: r.line,
					reasons: [r.message_vi],
					values: (r.values as Record<string, unknown> | null) ?? null
				};
			}
		}
		if (page.length < pageSize) break;
		const last = page[page.length - 1]!;
		after = { line: last.line, id: Number(last.id) };
	}
	if (current) yield current;
}

/** The first rejected rows, for the result page. */
export async function firstRejectedRows(
	db: Kysely<Database>,
	runId: number,
	limit = 100
): Promise<RejectedRow[]> {
	const out: RejectedRow[] = [];
	for await (const r of rejectedRows(db, runId, limit * 2)) {
		out.push(r);
		if (out.length >= limit) break;
	}
	return out;
}
