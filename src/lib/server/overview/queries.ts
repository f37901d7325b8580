// Figures for the overview page, narrowed to the viewer's agency scope.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';

export interface OverviewFigures {
	certificates: { status: string; kind: string; n: number }[];
	expiringIn90Days: number;
	openFindings: number;
	agencies: number;
}

export async function overviewFigures(db: Kysely<Database>, scope: AgencyScope, now = new Date()): Promise<OverviewFigures> {
	const in90 = new Date(now.getTime() + 90 * 86400_000);
	const [certificates, expiring, findings, agencies] = await Promise.all([
		db
			.selectFrom('certificates as c')
			.select(['c.status', 'c.kind', sql<number>`count(*)::int`.as('n')])
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.groupBy(['c.status', 'c.kind'])
			.orderBy('c.status')
			.execute(),
		db
			.selectFrom('certificates as c')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('c.status', '=', 'active')
			.where('c.not_after', '>', now)
			.where('c.not_after', '<=', in90)
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('findings as f')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('f.status', '<>', 'resolved')
			.where(({ ref }) => inScope(scope, ref('f.agency_id')))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('agencies as a')
			.select(sql<number>`count(*)::int`.as('n'))
			.where(({ ref }) => inScope(scope, ref('a.id')))
			.executeTakeFirstOrThrow()
	]);
	return { certificates, expiringIn90Days: expiring.n, openFindings: findings.n, agencies: agencies.n };
}
