// The agencies page (/co-quan) as a list: the tree (siblings by name) when nothing is asked, or a
// flat list when a search or a sort is asked, since a tree cut by a search or re-ordered by a
// count is no tree any more. The flat list is searched and sorted in SQL (name or code without
// accents or case; whitelisted columns, id tie-break), with each agency's counts over its subtree,
// the same counts the tree rolls up (tests/integration/lists/admin-lists-export.test.ts compares them).
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { foldedPattern } from '../db/search';
import { orderBySort } from '../db/sort';
import { labelSortKey } from '../db/label-sort';
import { agencyTree } from './agencies';
import { AGENCY_KINDS } from '../../domain/organisation';
import { viLabel } from '../../i18n/values';

export const AGENCY_SORTS = ['name', 'code', 'kind', 'certificates', 'people', 'tokens', 'findings'] as const;
export type AgencySortColumn = (typeof AGENCY_SORTS)[number];

export const agencyFilterSchema = z.object({
	q: z.string().max(100).optional(),
	/** '1': active agencies only (merged away and dissolved ones hidden). */
	active: z.literal('1').optional(),
	sap: z.enum(AGENCY_SORTS).optional(),
	chieu: z.enum(['asc', 'desc']).optional()
});
export type AgencyFilter = z.infer<typeof agencyFilterSchema>;

export interface AgencyListRow {
	id: number;
	code: string;
	name: string;
	kind: string;
	parent_name: string | null;
	active: boolean;
	ended_on: string | null;
	/** Indentation in the tree; 0 in a flat list. */
	depth: number;
	certificates_in_use: number;
	people: number;
	tokens: number;
	open_findings: number;
}

export interface AgencyList {
	/** 'flat' when a search or a sort cut the tree (the page says so). */
	mode: 'tree' | 'flat';
	rows: AgencyListRow[];
}

/** Whether the filter asks for the flat list. */
export function isFlat(f: AgencyFilter): boolean {
	return Boolean(f.sap || foldedPattern(f.q));
}

export async function listAgencies(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: AgencyFilter
): Promise<AgencyList> {
	if (!isFlat(f)) return { mode: 'tree', rows: await treeRows(db, scope, f) };
	return { mode: 'flat', rows: await flatRows(db, scope, f) };
}

async function treeRows(db: Kysely<Database>, scope: AgencyScope, f: AgencyFilter): Promise<AgencyListRow[]> {
	const tree = await agencyTree(db, scope);
	const names = new Map(tree.map((n) => [n.id, n.name]));
	return tree
		.filter((n) => !f.active || n.active)
		.map((n) => ({
			id: n.id,
			code: n.code,
			name: n.name,
			kind: n.kind,
			parent_name: n.parent_id !== null ? (names.get(n.parent_id) ?? null) : null,
			active: n.active,
			ended_on: n.ended_on,
			depth: n.depth,
			certificates_in_use: n.subtree.certificatesInUse,
			people: n.subtree.people,
			tokens: n.subtree.tokens,
			open_findings: n.subtree.openFindings
		}));
}

/** Per agency in scope, its counts over its subtree, as agency_counts keeps them (migration
 * 2026_12_11_0110: active certificates, active people, devices held, open findings of the agency and
 * every unit under it; grouped from the four tables on each view, the province's took 0.4 s at
 * --scale 50). An agency in scope has its whole subtree in scope, so the counts are the viewer's.
 * `only`: these agencies' counts alone (an empty list gives no row). An agency without a row has
 * none of any. */
export function subtreeCounts(scope: AgencyScope, only?: { ids: readonly number[] }) {
	const ids = only?.ids;
	return sql<{ id: number; certificates: number; people: number; tokens: number; findings: number }>`
		(select n.agency_id as id, n.certificates, n.people, n.tokens, n.findings
		from agency_counts n
		where ${inScope(scope, sql.ref('n.agency_id'))}
		${ids ? sql`and n.agency_id in (${ids.length ? sql.join(ids.map(String)) : sql`null`})` : sql``})`;
}

async function flatRows(db: Kysely<Database>, scope: AgencyScope, f: AgencyFilter): Promise<AgencyListRow[]> {
	return flatRowsWithCounts(db, scope, f).execute();
}

/** The agencies of `agencies as a` the filter keeps: in scope, active when asked, matching the search. */
export function whereAgencyMatches<DB, TB extends keyof DB, O>(
	q: SelectQueryBuilder<DB, TB, O>,
	scope: AgencyScope,
	f: AgencyFilter
): SelectQueryBuilder<DB, TB, O> {
	let out = q.where(inScope(scope, sql.ref('a.id')));
	if (f.active) out = out.where(sql<SqlBool>`a.active`);
	// The stored folded name (migration 2026_12_10_0200); a code is letters without diacritics,
	// digits and . _ - in upper case, which lower() folds as kk_fold would.
	const like = foldedPattern(f.q);
	if (like) out = out.where(sql<SqlBool>`(a.name_folded like ${like} or lower(a.code) like ${like})`);
	return out;
}

/** The flat list, each row with its subtree's counts, in the asked order (a page of it: limit/offset). */
export function flatRowsWithCounts(db: Kysely<Database>, scope: AgencyScope, f: AgencyFilter) {
	// Materialised: computed once, even when a search leads the planner to a nested loop (which
	// recomputed it per agency: 17 s for a search over 600 agencies on PGlite).
	return db
		.with(
			(cte) => cte('n').materialized(),
			() => subtreeCounts(scope)
		)
		.selectFrom('agencies as a')
		.leftJoin('agencies as parent', 'parent.id', 'a.parent_id')
		.leftJoin('n', 'n.id', 'a.id')
		.$call((q) => whereAgencyMatches(q, scope, f))
		.select([
			'a.id',
			'a.code',
			'a.name',
			'a.kind',
			'parent.name as parent_name',
			'a.active',
			'a.ended_on',
			sql<number>`0`.as('depth'),
			sql<number>`coalesce(n.certificates, 0)`.as('certificates_in_use'),
			sql<number>`coalesce(n.people, 0)`.as('people'),
			sql<number>`coalesce(n.tokens, 0)`.as('tokens'),
			sql<number>`coalesce(n.findings, 0)`.as('open_findings')
		])
		.$call((qb) => orderBySort(qb, agencySort(f), AGENCY_SORT_SQL, sql`a.id`));
}

/** The list's sort: the asked column, else by name. */
export function agencySort(f: AgencyFilter) {
	return { column: f.sap ?? ('name' as const), direction: f.chieu ?? ('asc' as const) };
}

/** Each sort column's SQL over `agencies as a`; the counts are the columns of the flat select. */
export const AGENCY_SORT_SQL: Record<AgencySortColumn, Expression<unknown> | Expression<unknown>[]> = {
	name: [sql`a.name_folded`, sql`a.name`],
	code: [sql`lower(a.code)`, sql`a.code`],
	kind: labelSortKey(
		sql`a.kind`,
		AGENCY_KINDS.map((k) => [k, viLabel('agencyKind', k)])
	),
	certificates: sql`certificates_in_use`,
	people: sql`people`,
	tokens: sql`tokens`,
	findings: sql`open_findings`
};

/** The sort columns that are subtree counts (the others are the agency's own text). */
export const COUNT_SORTS: readonly AgencySortColumn[] = ['certificates', 'people', 'tokens', 'findings'];
