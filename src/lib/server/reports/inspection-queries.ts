// What an inspection report of one agency shows: the inventory of its subtree, its findings
// and its inspections with their follow-up, all read in parallel.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import type { InspectionReportData } from '../../reports/inspection-workbook';
import { rootScope, type ReportRoot } from './report-root';
import { latestAuditCheckpoint } from '../audit/checkpoints';

export async function fetchInspectionData(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	now = new Date()
): Promise<InspectionReportData> {
	const within = (col: string) =>
		sql`${inScope(scope, sql.ref(col))} and ${inScope(rootScope(root), sql.ref(col))}`;
	const [checkpoint, certificates, tokens, findings, inspections] = await Promise.all([
		latestAuditCheckpoint(db),
		sql<InspectionReportData['certificates'][number]>`
			select c.subject_cn as subject, c.kind, c.serial_number as serial, c.not_before as "notBefore",
				c.not_after as "notAfter", c.status, p.full_name as holder, t.serial as "tokenSerial"
			from certificates c left join people p on p.id = c.person_id left join tokens t on t.id = c.token_id
			where ${within('c.agency_id')}
			order by c.status, c.not_after, c.id`.execute(db),
		sql<InspectionReportData['tokens'][number]>`
			select t.serial, t.device_type as "deviceType", t.model, h.status, p.full_name as holder
			from tokens t join token_holdings h on h.token_id = t.id left join people p on p.id = h.holder_person_id
			where ${within('h.holder_agency_id')}
			order by t.serial`.execute(db),
		sql<InspectionReportData['findings'][number]>`
			select f.id, f.first_seen_at as "firstSeenAt", f.kind, f.severity, f.legal_basis as "legalBasis",
				f.summary, f.status, f.resolved_at as "resolvedAt", f.resolution_note as "resolutionNote"
			from findings f
			where ${within('f.agency_id')}
			order by f.first_seen_at desc, f.id`.execute(db),
		sql<InspectionReportData['inspections'][number]>`
			select i.started_on as "startedOn", i.ended_on as "endedOn", i.title, i.decision_number as "decisionNumber",
				i.status, i.summary, i.follow_up as "followUp"
			from inspections i
			where ${within('i.agency_id')}
			order by i.started_on desc, i.id desc`.execute(db)
	]);
	return {
		agency: { code: root.code, name: root.name },
		asOf: now,
		certificates: certificates.rows,
		tokens: tokens.rows,
		findings: findings.rows,
		inspections: inspections.rows,
		auditCheckpoint: checkpoint
	};
}
