// Key figures of the overview page, narrowed to a scope (the viewer's, or an agency subtree
// inside it when the page is filtered by agency).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';

export interface OverviewFigures {
	certificates: { status: string; kind: string; n: number }[];
	expiring: { in30: number; in60: number; in90: number };
	tokens: { status: string; n: number }[];
	openFindings: { severity: 'low' | 'medium' | 'high' | 'critical'; n: number }[];
	agencies: number;
}

const DAY_MS = 86400_000;

export async function overviewFigures(
	db: Kysely<Database>,
	scope: AgencyScope,
	now = new Date()
): Promise<OverviewFigures> {
	const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
	const [certificates, expiring, tokens, openFindings, agencies] = await Promise.all([
		certificatesByStatus(db, scope),
		db
			.selectFrom('certificates as c')
			.select([
				sql<number>`count(*) filter (where c.not_after <= ${at(30)})::int`.as('in30'),
				sql<number>`count(*) filter (where c.not_after <= ${at(60)})::int`.as('in60'),
				sql<number>`count(*)::int`.as('in90')
			])
			.where('c.status', '=', 'active')
			.where('c.not_after', '>', now)
			.where('c.not_after', '<=', at(90))
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.executeTakeFirstOrThrow(),
		tokensByStatus(db, scope),
		db
			.selectFrom('findings as f')
			.select(['f.severity', sql<number>`count(*)::int`.as('n')])
			.where('f.status', '<>', 'resolved')
			.where(({ ref }) => inScope(scope, ref('f.agency_id')))
			.groupBy('f.severity')
			.execute(),
		db
			.selectFrom('agencies as a')
			.select(sql<number>`count(*)::int`.as('n'))
			.where(({ ref }) => inScope(scope, ref('a.id')))
			.executeTakeFirstOrThrow()
	]);
	return { certificates, expiring, tokens, openFindings, agencies: agencies.n };
}

/**
 * Certificates by status and kind in scope, from agency_certificate_tally (migration
 * 2026_12_13_0100): the scope's agency's subtree rows, or the province's (key 0), instead of
 * grouping every certificate in scope (45–78 ms for the province at --scale 50).
 */
export async function certificatesByStatus(
	db: Kysely<Database>,
	scope: AgencyScope
): Promise<{ status: string; kind: string; n: number }[]> {
	return db
		.selectFrom('agency_certificate_tally as t')
		.select(['t.status', 't.kind', 't.n'])
		.where('t.agency_id', '=', scope.kind === 'all' ? 0 : scope.agencyId)
		.where('t.n', '>', 0)
		.orderBy('t.status')
		.orderBy('t.kind')
		.execute();
}

/**
 * Devices by state, as the view token_holdings gives them, from agency_token_tally (migration
 * 2026_12_13_0120): the scope's agency's subtree rows, or the province's (key 0, the devices
 * without custody events counted in stock). Grouping token_custody_state in scope cost 22–36 ms
 * for the province at --scale 50 (78,010 devices).
 */
async function tokensByStatus(
	db: Kysely<Database>,
	scope: AgencyScope
): Promise<{ status: string; n: number }[]> {
	return db
		.selectFrom('agency_token_tally as t')
		.select(['t.status', 't.n'])
		.where('t.agency_id', '=', scope.kind === 'all' ? 0 : scope.agencyId)
		.where('t.n', '>', 0)
		.orderBy('t.status')
		.execute();
}

export interface ExpiringRow {
	id: number;
	subject_cn: string;
	kind: string;
	not_after: Date;
	agency_name: string | null;
}

/** Active certificates expiring within `days`, soonest first. */
export async function expiringSoon(
	db: Kysely<Database>,
	scope: AgencyScope,
	now = new Date(),
	days = 90,
	limit = 10
): Promise<ExpiringRow[]> {
	return db
		.selectFrom('certificates as c')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.select(['c.id', 'c.subject_cn', 'c.kind', 'c.not_after', 'a.name as agency_name'])
		.where('c.status', '=', 'active')
		.where('c.not_after', '>', now)
		.where('c.not_after', '<=', new Date(now.getTime() + days * DAY_MS))
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.orderBy('c.not_after')
		.orderBy('c.id')
		.limit(limit)
		.execute();
}

export interface RecentFindingRow {
	id: number;
	kind: string;
	severity: 'low' | 'medium' | 'high' | 'critical';
	legal_basis: string;
	summary: string;
	status: string;
	first_seen_at: Date;
	agency_name: string | null;
}

export async function recentFindings(
	db: Kysely<Database>,
	scope: AgencyScope,
	limit = 10
): Promise<RecentFindingRow[]> {
	return db
		.selectFrom('findings as f')
		.leftJoin('agencies as a', 'a.id', 'f.agency_id')
		.select([
			'f.id',
			'f.kind',
			'f.severity',
			'f.legal_basis',
			'f.summary',
			'f.status',
			'f.first_seen_at',
			'a.name as agency_name'
		])
		.where('f.status', '<>', 'resolved')
		.where(({ ref }) => inScope(scope, ref('f.agency_id')))
		.orderBy('f.first_seen_at', 'desc')
		.orderBy('f.id', 'desc')
		.limit(limit)
		.execute();
}

/** Open findings in scope by legal basis (article), most first. */
export async function openFindingsByArticle(
	db: Kysely<Database>,
	scope: AgencyScope
): Promise<{ legal_basis: string; n: number }[]> {
	return db
		.selectFrom('findings as f')
		.select(['f.legal_basis', sql<number>`count(*)::int`.as('n')])
		.where('f.status', '<>', 'resolved')
		.where(({ ref }) => inScope(scope, ref('f.agency_id')))
		.groupBy('f.legal_basis')
		.orderBy('n', 'desc')
		.orderBy('f.legal_basis')
		.execute();
}
