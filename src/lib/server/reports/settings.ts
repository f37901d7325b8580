// Report settings an admin may change (settings table): the period convention (calendar, or the
// Decree 09/2019 cut-off on the 14th, unconfirmed) and the signer printed in the signature block.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PeriodConvention } from '../../reports/period';

export const REPORT_SETTING_KEYS = {
	convention: 'reports.period_convention',
	signer: 'reports.signer'
} as const;

export interface ReportSettings {
	convention: PeriodConvention;
	signerTitle: string[];
	signerName?: string;
}

export async function readReportSettings(db: Kysely<Database>): Promise<ReportSettings> {
	const rows = await db
		.selectFrom('settings')
		.select(['key', 'value'])
		.where('key', 'in', Object.values(REPORT_SETTING_KEYS))
		.execute();
	const get = (k: string) => rows.find((r) => r.key === k)?.value as unknown;
	const convention = get(REPORT_SETTING_KEYS.convention) === 'cutoff14' ? 'cutoff14' : 'calendar';
	const signer = get(REPORT_SETTING_KEYS.signer) as { title?: unknown; name?: unknown } | undefined;
	const title = Array.isArray(signer?.title)
		? signer.title.filter((x): x is string => typeof x === 'string')
		: [];
	return {
		convention,
		signerTitle: title.length ? title : ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
		signerName: typeof signer?.name === 'string' ? signer.name : undefined
	};
}
