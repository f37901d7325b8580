// The figures of the periodic usage report, per reporting unit: the root agency itself and each
// of its direct children with their whole subtrees. Each figure is one GROUP BY query; they all
// run in parallel. Definitions (docs/reports.md):
// - in use at the end of the period: valid then, not revoked by then, not yet replaced by a renewal;
// - issued / renewed: certificates whose validity starts in the period, without / with renewal_of;
// - changed, tokens recovered: change / recover requests approved or completed in the period;
// - signed: outgoing signing events in the period, by the signing certificate's agency (the
//   document's agency when the certificate is not in the inventory) and channel;
// - incoming invalid: incoming events whose verification was TOTAL_FAILED or INDETERMINATE,
//   by the receiving (document) agency; archive failures: archived documents re-verified in the
//   period with a verdict other than TOTAL_PASSED;
// - findings first seen, inspections started, trainings held in the period.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import type { ReportPeriod } from '../../reports/period';
import type { FindingsByArticleRow, UsageReportData, UsageUnitRow } from '../../reports/usage-workbook';
import { CHANNELS } from '../../domain/signing';
import { rootScope, rootScopeName, type ReportRoot } from './report-root';
import { countByUnit, listUnits, type UnitCount } from './unit-counts';

export async function fetchUsageData(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	period: ReportPeriod
): Promise<UsageReportData> {
	const { from, to, firstDay, lastDay } = period;
	const ref = sql.ref;
	const c = (where: RawBuilder<unknown>, group?: RawBuilder<unknown>) =>
		countByUnit(db, scope, root, { from: sql`certificates c`, agency: ref('c.agency_id'), where, group });
	const req = (kind: string) =>
		countByUnit(db, scope, root, {
			from: sql`lifecycle_requests r`,
			agency: ref('r.agency_id'),
			where: sql`r.kind = ${kind} and r.status in ('approved', 'completed') and r.decided_at >= ${from} and r.decided_at < ${to}`
		});
	const trainingAgency = root.isProvince
		? sql<number>`coalesce(t.agency_id, ${root.id}::int)`
		: ref<number>('t.agency_id');
	const unitsQuery = listUnits(db, scope, root);
	const inPeriod = (col: string) => sql`${ref(col)} >= ${from} and ${ref(col)} < ${to}`;

	const [
		units,
		inUse,
		issued,
		renewed,
		changed,
		revoked,
		recovered,
		signed,
		incoming,
		archive,
		findings,
		inspections,
		trainings,
		trainees,
		articles,
		inspectionList,
		trainingList,
		revocations
	] = await Promise.all([
		unitsQuery,
		c(
			sql`c.kind in ('organisation', 'individual') and c.not_before < ${to} and c.not_after >= ${to}
				and (c.revoked_at is null or c.revoked_at >= ${to})
				and not exists (select 1 from certificates n where n.renewal_of_id = c.id and n.not_before < ${to})`,
			sql`c.kind`
		),
		c(sql`${inPeriod('c.not_before')} and c.renewal_of_id is null`),
		c(sql`${inPeriod('c.not_before')} and c.renewal_of_id is not null`),
		req('change'),
		c(inPeriod('c.revoked_at')),
		req('recover'),
		countByUnit(db, scope, root, {
			// An event of a certificate not in the inventory counts under its document's agency.
			from: sql`signing_events e left join certificates c on c.id = e.certificate_id`,
			agency: sql<number>`case when e.certificate_id is null then e.document_agency_id else c.agency_id end`,
			where: sql`e.direction = 'outgoing' and ${inPeriod('e.signed_at')}`,
			group: sql`e.channel`
		}),
		countByUnit(db, scope, root, {
			from: sql`signing_events e`,
			agency: ref('e.document_agency_id'),
			where: sql`e.direction = 'incoming' and e.incoming_indication in ('TOTAL_FAILED', 'INDETERMINATE') and ${inPeriod('e.signed_at')}`
		}),
		countByUnit(db, scope, root, {
			from: sql`document_verifications v join archived_documents d on d.id = v.document_id`,
			agency: ref('d.issuing_agency_id'),
			where: sql`v.indication <> 'TOTAL_PASSED' and ${inPeriod('v.verified_at')}`,
			value: sql`count(distinct v.document_id)`
		}),
		countByUnit(db, scope, root, {
			from: sql`findings f`,
			agency: ref('f.agency_id'),
			where: inPeriod('f.first_seen_at')
		}),
		countByUnit(db, scope, root, {
			from: sql`inspections i`,
			agency: ref('i.agency_id'),
			where: sql`i.started_on >= ${firstDay}::date and i.started_on <= ${lastDay}::date`
		}),
		countByUnit(db, scope, root, {
			from: sql`trainings t`,
			agency: trainingAgency,
			where: sql`t.held_on >= ${firstDay}::date and t.held_on <= ${lastDay}::date`
		}),
		countByUnit(db, scope, root, {
			from: sql`trainings t`,
			agency: trainingAgency,
			where: sql`t.held_on >= ${firstDay}::date and t.held_on <= ${lastDay}::date`,
			value: sql`coalesce(sum(t.participants), 0)`
		}),
		findingsByArticle(db, scope, root, period),
		sql<UsageReportData['inspections'][number]>`
				select i.started_on as "startedOn", i.ended_on as "endedOn", a.name as agency, i.title,
					i.decision_number as "decisionNumber", i.status
				from inspections i join agencies a on a.id = i.agency_id
				where ${inScope(scope, ref('i.agency_id'))} and ${inScope(rootScope(root), ref('i.agency_id'))}
					and i.started_on >= ${firstDay}::date and i.started_on <= ${lastDay}::date
				order by i.started_on, i.id`.execute(db),
		sql<UsageReportData['trainings'][number]>`
				select t.held_on as "heldOn", t.title, coalesce(a.name, 'Toàn tỉnh') as agency, t.participants, t.topic
				from trainings t left join agencies a on a.id = t.agency_id
				where ${inScope(scope, trainingAgency)} and ${inScope(rootScope(root), trainingAgency)}
					and t.held_on >= ${firstDay}::date and t.held_on <= ${lastDay}::date
				order by t.held_on, t.id`.execute(db),
		sql<UsageReportData['revocations'][number]>`
				select c.revoked_at as "revokedAt", coalesce(a.name, '') as agency, c.subject_cn as subject,
					c.serial_number as serial, c.kind, c.revocation_reason as reason
				from certificates c left join agencies a on a.id = c.agency_id
				where ${inScope(scope, ref('c.agency_id'))} and ${inScope(rootScope(root), ref('c.agency_id'))}
					and ${inPeriod('c.revoked_at')}
				order by c.revoked_at, c.id`.execute(db)
	]);

	const rows = new Map<number, UsageUnitRow>();
	for (const u of units) {
		rows.set(u.id, {
			unitId: u.id,
			code: u.code,
			name: u.name,
			orgInUse: 0,
			indInUse: 0,
			issued: 0,
			renewed: 0,
			changed: 0,
			revoked: 0,
			recovered: 0,
			signed: Object.fromEntries(CHANNELS.map((ch) => [ch, 0])) as UsageUnitRow['signed'],
			incomingInvalid: 0,
			archiveFailed: 0,
			findings: 0,
			inspections: 0,
			trainings: 0,
			trainees: 0
		});
	}
	type NumKey = Exclude<keyof UsageUnitRow, 'unitId' | 'code' | 'name' | 'signed'>;
	const add = (counts: UnitCount[], key: NumKey | ((row: UsageUnitRow, c: UnitCount) => void)) => {
		for (const ct of counts) {
			const row = rows.get(ct.unit_id);
			if (!row) continue; // an agency whose unit is outside the viewer's scope (never in practice)
			if (typeof key === 'function') key(row, ct);
			else row[key] += ct.n;
		}
	};
	add(inUse, (r, ct) => {
		if (ct.grp === 'organisation') r.orgInUse += ct.n;
		else r.indInUse += ct.n;
	});
	add(issued, 'issued');
	add(renewed, 'renewed');
	add(changed, 'changed');
	add(revoked, 'revoked');
	add(recovered, 'recovered');
	add(signed, (r, ct) => {
		const ch = (CHANNELS as readonly string[]).includes(ct.grp)
			? (ct.grp as keyof UsageUnitRow['signed'])
			: 'other';
		r.signed[ch] += ct.n;
	});
	add(incoming, 'incomingInvalid');
	add(archive, 'archiveFailed');
	add(findings, 'findings');
	add(inspections, 'inspections');
	add(trainings, 'trainings');
	add(trainees, 'trainees');
	return {
		period,
		scopeName: rootScopeName(root),
		units: [...rows.values()],
		findingsByArticle: articles,
		inspections: inspectionList.rows,
		trainings: trainingList.rows,
		revocations: revocations.rows
	};
}

async function findingsByArticle(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	period: ReportPeriod
): Promise<FindingsByArticleRow[]> {
	const r = await sql<FindingsByArticleRow>`
		select f.legal_basis as "legalBasis", f.kind,
			count(*) filter (where f.severity = 'low')::int as low,
			count(*) filter (where f.severity = 'medium')::int as medium,
			count(*) filter (where f.severity = 'high')::int as high,
			count(*) filter (where f.severity = 'critical')::int as critical,
			count(*) filter (where f.status <> 'resolved')::int as open
		from findings f
		where ${inScope(scope, sql.ref('f.agency_id'))} and ${inScope(rootScope(root), sql.ref('f.agency_id'))}
			and f.first_seen_at >= ${period.from} and f.first_seen_at < ${period.to}
		group by f.legal_basis, f.kind
		order by f.legal_basis, f.kind`.execute(db);
	return r.rows;
}
