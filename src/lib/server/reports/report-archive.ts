// The archive of generated reports: every workbook kept with who made it, when, with which
// parameters and its SHA-256, so it can be downloaded again byte for byte. A report belongs to
// the agency it covers, and an officer sees only reports of their own subtree. A report the
// periodic-reports job makes carries its period key (kind, recipient, period), unique: one report
// per period whichever instance makes it.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { AppError } from '../../errors';
import { inScope } from '../scope';

export type ReportKind = 'usage' | 'demand_plan' | 'expiry' | 'inspection' | 'ad_hoc';

export interface StoredReport {
	id: number;
	kind: ReportKind;
	period: string | null;
	recipient: string | null;
	agencyId: number | null;
	agencyName: string | null;
	parameters: Record<string, unknown>;
	fileName: string;
	sha256: string;
	sizeBytes: number;
	createdBy: number | null;
	createdByName: string | null;
	jobRunId: number | null;
	createdAt: Date;
}

export interface NewStoredReport {
	kind: ReportKind;
	period?: string | null;
	recipient?: string | null;
	agencyId: number | null;
	parameters: Record<string, unknown>;
	fileName: string;
	content: Uint8Array;
	createdBy?: number | null;
	jobRunId?: number | null;
}

export function sha256Hex(content: Uint8Array): string {
	return createHash('sha256').update(content).digest('hex');
}

const columns = sql`r.id, r.kind, r.period, r.recipient, r.agency_id as "agencyId", a.name as "agencyName",
	r.parameters, r.file_name as "fileName", r.sha256, r.size_bytes as "sizeBytes", r.created_by as "createdBy",
	u.display_name as "createdByName", r.job_run_id as "jobRunId", r.created_at as "createdAt"`;

/** The period key of a report made by a job run: null for reports made by hand, which may repeat. */
export function periodKey(report: NewStoredReport): string | null {
	if (report.jobRunId == null || !report.period) return null;
	return `${report.kind}/${report.recipient ?? '-'}/${report.period}`;
}

/** Stores a report; a job's report for a period that already has one is refused (CONFLICT). */
export async function storeReport(db: Kysely<Database>, report: NewStoredReport): Promise<StoredReport> {
	const key = periodKey(report);
	const row = await db
		.insertInto('generated_reports')
		.values({
			kind: report.kind,
			period: report.period ?? null,
			recipient: report.recipient ?? null,
			agency_id: report.agencyId,
			parameters: JSON.stringify(report.parameters),
			file_name: report.fileName,
			sha256: sha256Hex(report.content),
			size_bytes: report.content.byteLength,
			content: report.content,
			created_by: report.createdBy ?? null,
			job_run_id: report.jobRunId ?? null,
			period_key: key
		})
		.onConflict((oc) => oc.column('period_key').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!row)
		throw new AppError(
			'CONFLICT',
			`Báo cáo định kỳ kỳ ${report.period}${report.recipient ? ` gửi ${report.recipient}` : ''} đã được tạo.`
		);
	const stored = await getReport(db, { kind: 'all' }, row.id);
	if (!stored) throw new Error(`generated report ${row.id} vanished after insert`);
	return stored;
}

export async function listReports(
	db: Kysely<Database>,
	scope: AgencyScope,
	opts: { kind?: ReportKind; limit?: number; offset?: number; hiddenLists?: readonly string[] } = {}
): Promise<{ rows: StoredReport[]; total: number }> {
	const kind = opts.kind ? sql`and r.kind = ${opts.kind}` : sql``;
	const where = sql`where ${inScope(scope, sql.ref('r.agency_id'))} ${kind} ${notHidden(opts.hiddenLists)}`;
	const [rows, total] = await Promise.all([
		sql<StoredReport>`select ${columns} from generated_reports r
			left join agencies a on a.id = r.agency_id left join users u on u.id = r.created_by
			${where} order by r.created_at desc, r.id desc
			limit ${opts.limit ?? 50} offset ${opts.offset ?? 0}`.execute(db),
		sql<{ n: number }>`select count(*)::int as n from generated_reports r ${where}`.execute(db)
	]);
	return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** Leaves out the ad-hoc exports of `lists` (those the viewer may not export: export-access.ts). */
function notHidden(lists: readonly string[] | undefined) {
	if (!lists?.length) return sql``;
	return sql`and not (r.kind = 'ad_hoc' and coalesce(r.parameters->>'list', '') in (${sql.join(lists)}))`;
}

/** One report's metadata, or null when it does not exist, lies outside the scope or is hidden. */
export async function getReport(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number,
	hiddenLists: readonly string[] = []
): Promise<StoredReport | null> {
	const r = await sql<StoredReport>`select ${columns} from generated_reports r
		left join agencies a on a.id = r.agency_id left join users u on u.id = r.created_by
		where r.id = ${id} and ${inScope(scope, sql.ref('r.agency_id'))} ${notHidden(hiddenLists)}`.execute(db);
	return r.rows[0] ?? null;
}

/** The stored bytes of a report in scope, or null. */
export async function getReportContent(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number,
	hiddenLists: readonly string[] = []
): Promise<{ report: StoredReport; content: Uint8Array } | null> {
	const report = await getReport(db, scope, id, hiddenLists);
	if (!report) return null;
	const row = await db
		.selectFrom('generated_reports')
		.select('content')
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? { report, content: row.content } : null;
}
