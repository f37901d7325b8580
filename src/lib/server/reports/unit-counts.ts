// Counting rows per reporting unit: the report's root agency itself and each of its direct
// children standing for its whole subtree, found from the materialised path in one GROUP BY.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { rootScope, type ReportRoot } from './report-root';

export interface UnitCount {
	unit_id: number;
	grp: string;
	n: number;
}

/** The reporting unit of an agency row `a`: the root itself, or the root's child it lies under. */
export function unitOf(root: ReportRoot): RawBuilder<number> {
	return sql<number>`case when a.path = ${root.path} then ${root.id}::int
		else split_part(substr(a.path, ${root.path.length + 1}::int), '/', 1)::int end`;
}

export async function countByUnit(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	q: {
		from: RawBuilder<unknown>;
		agency: Expression<number | null>;
		where: RawBuilder<unknown>;
		group?: RawBuilder<unknown>;
		value?: RawBuilder<unknown>;
	}
): Promise<UnitCount[]> {
	const r = await sql<UnitCount>`
		select ${unitOf(root)} as unit_id, ${q.group ?? sql`''`}::text as grp, (${q.value ?? sql`count(*)`})::int as n
		from ${q.from} join agencies a on a.id = ${q.agency}
		where ${inScope(scope, q.agency)} and ${inScope(rootScope(root), q.agency)} and ${q.where}
		group by 1, 2`.execute(db);
	return r.rows;
}

export interface ReportUnit {
	id: number;
	code: string;
	name: string;
}

/** The root first, then its direct children (external bodies left out), by kind and name. */
export async function listUnits(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot
): Promise<ReportUnit[]> {
	return db
		.selectFrom('agencies as a')
		.select(['a.id', 'a.code', 'a.name'])
		.where((eb) => eb.or([eb('a.id', '=', root.id), eb('a.parent_id', '=', root.id)]))
		.where(({ ref }) => inScope(scope, ref('a.id')))
		.where('a.kind', '<>', 'external')
		.orderBy(sql`a.id = ${root.id}`, 'desc')
		.orderBy('a.kind')
		.orderBy('a.name')
		.execute();
}
