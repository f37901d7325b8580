// The report builders the page, the CLI and the periodic-reports job call: read the data (SQL,
// in parallel), render the workbook (src/lib/reports), keep it in the archive and audit it.
import type { Kysely } from 'kysely';
import type { Workbook } from 'exceljs';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import { parsePeriod, type PeriodConvention, type ReportPeriod } from '../../reports/period';
import { RECIPIENTS, type Recipient } from '../../domain/reports';
import { renderUsageWorkbook } from '../../reports/usage-workbook';
import { renderDemandPlanWorkbook } from '../../reports/demand-plan-workbook';
import { renderExpiryWorkbook } from '../../reports/expiry-workbook';
import { renderInspectionWorkbook } from '../../reports/inspection-workbook';
import { vietnamDay } from '../../time/vietnam';
import { resolveReportRoot, type ReportRoot } from './report-root';
import { fetchUsageData } from './usage-queries';
import { fetchDemandPlanData } from './demand-queries';
import { fetchExpiryData } from './expiry-queries';
import { fetchInspectionData } from './inspection-queries';
import { readReportSettings } from './settings';
import { storeReport, type ReportKind, type StoredReport } from './report-archive';

/** Who asks, and within what scope. The job and the CLI pass none: the whole province, as 'system'. */
export interface ReportRequester {
	userId?: number | null;
	/** For the audit log: a username, 'system', 'cli:<os user>'. */
	actor?: string;
	ip?: string | null;
	scope?: AgencyScope;
	jobRunId?: number | null;
	now?: Date;
}

export interface UsageReportInput extends ReportRequester {
	period: string;
	recipient: Recipient | string;
	agencyCode?: string | null;
	convention?: PeriodConvention;
	problems?: string;
	proposals?: string;
}

export function requirePeriod(code: string, convention: PeriodConvention = 'calendar'): ReportPeriod {
	const p = parsePeriod(code, convention);
	if (!p)
		throw new AppError(
			'INVALID_INPUT',
			`Kỳ báo cáo "${code}" không hợp lệ: dùng dạng 2026-Q3, 2026-H1, 2026 hoặc 2026-11.`
		);
	return p;
}

export function requireRecipient(r: string): Recipient {
	if (!(RECIPIENTS as readonly string[]).includes(r))
		throw new AppError('INVALID_INPUT', `Nơi nhận "${r}" không hợp lệ: chọn ubnd, bo-khcn hoặc ban-co-yeu.`);
	return r as Recipient;
}

function suffix(root: ReportRoot): string {
	return root.isProvince ? '' : `-${root.code.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

async function keep(
	db: Kysely<Database>,
	req: ReportRequester,
	wb: Workbook,
	meta: {
		kind: ReportKind;
		period?: string;
		recipient?: string;
		root: ReportRoot;
		parameters: Record<string, unknown>;
		fileName: string;
	}
): Promise<StoredReport> {
	const content = new Uint8Array(await wb.xlsx.writeBuffer());
	const stored = await storeReport(db, {
		kind: meta.kind,
		period: meta.period ?? null,
		recipient: meta.recipient ?? null,
		agencyId: meta.root.id,
		parameters: { ...meta.parameters, agencyCode: meta.root.code },
		fileName: meta.fileName,
		content,
		createdBy: req.userId ?? null,
		jobRunId: req.jobRunId ?? null
	});
	await recordAudit(db, {
		userId: req.userId ?? null,
		actor: req.actor ?? 'system',
		ip: req.ip ?? null,
		action: 'report.generate',
		entityType: 'generated_report',
		entityId: stored.id,
		details: {
			kind: meta.kind,
			period: meta.period,
			recipient: meta.recipient,
			agency: meta.root.code,
			sha256: stored.sha256,
			file: meta.fileName
		}
	});
	return stored;
}

/** The periodic usage report (quarter, half-year, year) for one recipient; stored and audited. */
export async function generateUsageReport(
	db: Kysely<Database>,
	input: UsageReportInput
): Promise<StoredReport> {
	const scope = input.scope ?? { kind: 'all' };
	const recipient = requireRecipient(input.recipient);
	const settings = await readReportSettings(db);
	const period = requirePeriod(input.period, input.convention ?? settings.convention);
	const root = await resolveReportRoot(db, scope, input.agencyCode);
	const data = await fetchUsageData(db, scope, root, period);
	const wb = await renderUsageWorkbook(data, {
		recipient,
		issuedOn: input.now ?? new Date(),
		problems: input.problems,
		proposals: input.proposals,
		signerTitle: settings.signerTitle,
		signerName: settings.signerName
	});
	return keep(db, input, wb, {
		kind: 'usage',
		period: period.code,
		recipient,
		root,
		parameters: {
			convention: period.convention,
			problems: input.problems ?? '',
			proposals: input.proposals ?? ''
		},
		fileName: `bao-cao-chu-ky-so-${period.code}-${recipient}${suffix(root)}.xlsx`
	});
}

export interface DemandPlanInput extends ReportRequester {
	year: number;
	agencyCode?: string | null;
	newStaffRate?: number;
}

export async function generateDemandPlan(
	db: Kysely<Database>,
	input: DemandPlanInput
): Promise<StoredReport> {
	if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
		throw new AppError('INVALID_INPUT', `Năm kế hoạch "${input.year}" không hợp lệ.`);
	if (input.newStaffRate !== undefined && !(input.newStaffRate >= 0 && input.newStaffRate <= 1))
		throw new AppError('INVALID_INPUT', 'Tỷ lệ tuyển mới phải từ 0 đến 1 (ví dụ 0,05).');
	const scope = input.scope ?? { kind: 'all' };
	const settings = await readReportSettings(db);
	const root = await resolveReportRoot(db, scope, input.agencyCode);
	const data = await fetchDemandPlanData(db, scope, root, input.year, {
		newStaffRate: input.newStaffRate,
		now: input.now
	});
	const wb = await renderDemandPlanWorkbook(data, { issuedOn: input.now ?? new Date(), ...settings });
	return keep(db, input, wb, {
		kind: 'demand_plan',
		period: String(input.year),
		root,
		parameters: { newStaffRate: data.method.newStaffRate, asOf: data.method.asOf },
		fileName: `ke-hoach-nhu-cau-${input.year}${suffix(root)}.xlsx`
	});
}

export interface ExpiryReportInput extends ReportRequester {
	period: string;
	agencyCode?: string | null;
}

export async function generateExpiryReport(
	db: Kysely<Database>,
	input: ExpiryReportInput
): Promise<StoredReport> {
	const scope = input.scope ?? { kind: 'all' };
	const period = requirePeriod(input.period);
	const settings = await readReportSettings(db);
	const root = await resolveReportRoot(db, scope, input.agencyCode);
	const data = await fetchExpiryData(db, scope, root, period);
	const wb = await renderExpiryWorkbook(data, { issuedOn: input.now ?? new Date(), ...settings });
	return keep(db, input, wb, {
		kind: 'expiry',
		period: period.code,
		root,
		parameters: { rows: data.rows.length },
		fileName: `danh-sach-het-han-${period.code}${suffix(root)}.xlsx`
	});
}

export interface InspectionReportInput extends ReportRequester {
	agencyCode: string;
}

export async function generateInspectionReport(
	db: Kysely<Database>,
	input: InspectionReportInput
): Promise<StoredReport> {
	if (!input.agencyCode?.trim()) throw new AppError('INVALID_INPUT', 'Chọn cơ quan, đơn vị được kiểm tra.');
	const scope = input.scope ?? { kind: 'all' };
	const now = input.now ?? new Date();
	const root = await resolveReportRoot(db, scope, input.agencyCode);
	const data = await fetchInspectionData(db, scope, root, now);
	const wb = await renderInspectionWorkbook(data, { issuedOn: now });
	return keep(db, input, wb, {
		kind: 'inspection',
		period: vietnamDay(now),
		root,
		parameters: { certificates: data.certificates.length, findings: data.findings.length },
		fileName: `bao-cao-kiem-tra-${root.code.replace(/[^A-Za-z0-9_-]/g, '')}-${vietnamDay(now)}.xlsx`
	});
}
