// Report settings an admin may change (settings table, read through $lib/server/settings): the
// period convention (calendar, or the Decree 09/2019 cut-off on the 14th, unconfirmed) and the
// signer printed in the signature block.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PeriodConvention } from '../../reports/period';
import { readSettings } from '../settings/store';

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
	const s = await readSettings(db, Object.values(REPORT_SETTING_KEYS));
	const signer = s[REPORT_SETTING_KEYS.signer];
	return {
		convention: s[REPORT_SETTING_KEYS.convention],
		signerTitle: signer.title,
		signerName: signer.name
	};
}
