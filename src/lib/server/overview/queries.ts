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
		db
			.selectFrom('certificates as c')
			.select(['c.status', 'c.kind', sql<number>`count(*)::int`.as('n')])
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.groupBy(['c.status', 'c.kind'])
			.orderBy('c.status')
			.orderBy('c.kind')
			.execute(),
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
		db
			.selectFrom('token_holdings as h')
			.select(['h.status', sql<number>`count(*)::int`.as('n')])
			.where(({ ref }) => inScope(scope, ref('h.holder_agency_id')))
			.groupBy('h.status')
			.orderBy('h.status')
			.execute(),
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
