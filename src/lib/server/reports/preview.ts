// The key figures the "Báo cáo" page shows before a report is generated, from the same queries
// the workbook is built from, so what the user sees is what the file will say.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { AppError } from '../../errors';
import { CHANNELS } from '../../domain/signing';
import type { GeneratedReportKind } from '../../domain/reports';
import type { PeriodConvention } from '../../reports/period';
import { resolveReportRoot, rootScopeName } from './report-root';
import { fetchUsageData } from './usage-queries';
import { fetchDemandPlanData } from './demand-queries';
import { fetchExpiryData } from './expiry-queries';
import { fetchInspectionData } from './inspection-queries';
import { requirePeriod } from './generate';
import { vietnamYear } from '../../time/vietnam';

export interface PreviewInput {
	type: GeneratedReportKind;
	period?: string;
	year?: number;
	agencyCode?: string | null;
	convention?: PeriodConvention;
}

export interface ReportPreview {
	scopeName: string;
	periodLabel: string;
	figures: { label: string; value: number }[];
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

export async function previewReport(
	db: Kysely<Database>,
	scope: AgencyScope,
	input: PreviewInput
): Promise<ReportPreview> {
	if (input.type === 'inspection' && !input.agencyCode)
		throw new AppError('INVALID_INPUT', 'Chọn cơ quan, đơn vị được kiểm tra.');
	const root = await resolveReportRoot(db, scope, input.agencyCode);
	const scopeName = rootScopeName(root);
	if (input.type === 'usage') {
		const period = requirePeriod(input.period ?? '', input.convention);
		const d = await fetchUsageData(db, scope, root, period);
		return {
			scopeName,
			periodLabel: period.label,
			figures: [
				{ label: 'Chứng thư số đang sử dụng', value: sum(d.units, (u) => u.orgInUse + u.indInUse) },
				{ label: 'Cấp mới, gia hạn', value: sum(d.units, (u) => u.issued + u.renewed) },
				{ label: 'Thu hồi', value: sum(d.units, (u) => u.revoked) },
				{ label: 'Văn bản ký số', value: sum(d.units, (u) => sum([...CHANNELS], (ch) => u.signed[ch])) },
				{ label: 'Cảnh báo phát sinh', value: sum(d.units, (u) => u.findings) },
				{ label: 'Thanh tra, kiểm tra', value: sum(d.units, (u) => u.inspections) }
			]
		};
	}
	if (input.type === 'demand_plan') {
		const year = input.year ?? vietnamYear(new Date()) + 1;
		const d = await fetchDemandPlanData(db, scope, root, year);
		return {
			scopeName,
			periodLabel: `Năm ${year}`,
			figures: [
				{
					label: 'Cấp mới',
					value: sum(d.rows, (r) => r.postsWithoutCert + r.orgWithoutCert + r.expectedNewStaff)
				},
				{ label: 'Gia hạn', value: sum(d.rows, (r) => r.toRenew) },
				{ label: 'Thiết bị cần thay thế', value: sum(d.rows, (r) => r.tokensToReplace) },
				{ label: 'Nhu cầu tập huấn', value: sum(d.rows, (r) => r.trainingNeed) }
			]
		};
	}
	if (input.type === 'expiry') {
		const period = requirePeriod(input.period ?? '');
		const d = await fetchExpiryData(db, scope, root, period);
		return {
			scopeName,
			periodLabel: period.label,
			figures: [
				{ label: 'Chứng thư số hết hạn', value: d.rows.length },
				{ label: 'Chưa đề nghị gia hạn', value: d.rows.filter((r) => !r.renewalRequested).length }
			]
		};
	}
	const d = await fetchInspectionData(db, scope, root);
	return {
		scopeName,
		periodLabel: '',
		figures: [
			{ label: 'Chứng thư số', value: d.certificates.length },
			{ label: 'Thiết bị', value: d.tokens.length },
			{ label: 'Vi phạm', value: d.findings.length },
			{ label: 'Vi phạm chưa khắc phục', value: d.findings.filter((f) => f.status !== 'resolved').length }
		]
	};
}
