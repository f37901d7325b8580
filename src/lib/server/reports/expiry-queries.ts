// The certificates whose validity ends within a period, not revoked, with whether a renewal
// request (Mẫu 04) is already on file.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import type { ReportPeriod } from '../../reports/period';
import type { ExpiryReportData, ExpiryRow } from '../../reports/expiry-workbook';
import { rootScope, rootScopeName, type ReportRoot } from './report-root';

export async function fetchExpiryData(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	period: ReportPeriod
): Promise<ExpiryReportData> {
	const r = await sql<ExpiryRow>`
		select coalesce(a.name, '') as agency, c.subject_cn as subject, c.kind, c.serial_number as serial,
			c.not_after as "notAfter", c.status, t.serial as "tokenSerial",
			exists (select 1 from lifecycle_requests r where r.certificate_id = c.id and r.kind = 'renew'
				and r.status not in ('rejected', 'cancelled')) as "renewalRequested"
		from certificates c
		left join agencies a on a.id = c.agency_id
		left join tokens t on t.id = c.token_id
		where ${inScope(scope, sql.ref('c.agency_id'))} and ${inScope(rootScope(root), sql.ref('c.agency_id'))}
			and c.status <> 'revoked' and c.not_after >= ${period.from} and c.not_after < ${period.to}
		order by c.not_after, a.name, c.id`.execute(db);
	return { period, scopeName: rootScopeName(root), rows: r.rows };
}
