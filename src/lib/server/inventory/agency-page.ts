// The agencies page (/co-quan) in bounded pieces. The whole tree is thousands of rows at province
// scale (4,412 at --scale 10: ≈ 1 MB of HTML, 1.7 s at p95), so the page carries the upper levels
// that fit in TREE_ROWS_MAX rows, plus the branch `?mo=<id>` opens (the link works without
// JavaScript), and the page fetches a unit's children (/api/co-quan/[id]/don-vi) when it is opened.
// A search or a sort is the flat list (agency-list.ts), a page of PAGE_SIZE at a time. Every row
// counts its whole subtree: the same figures as the complete list the export writes.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { offsetOf, PAGE_SIZE, type Paged } from './filters';
import { getAgency, sortTree } from './agencies';
import {
	agencyFilterSchema,
	agencySort,
	AGENCY_SORT_SQL,
	COUNT_SORTS,
	flatRowsWithCounts,
	isFlat,
	subtreeCounts,
	whereAgencyMatches,
	type AgencyFilter,
	type AgencyListRow
} from './agency-list';
import { orderBySort } from '../db/sort';

/** Rows the tree's upper levels may take before the next level is left collapsed. */
export const TREE_ROWS_MAX = 300;

export const agencyPageSchema = agencyFilterSchema.extend({
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	/** The unit whose branch is open (with its ancestors'), for the page without JavaScript. */
	mo: z.coerce.number().int().min(1).max(2_147_483_647).optional()
});
export type AgencyPageFilter = z.infer<typeof agencyPageSchema>;

export interface AgencyTreeRow extends AgencyListRow {
	parent_id: number | null;
	/** Its units (the active ones when inactive agencies are hidden). */
	children: number;
	/** Its units are among the rows sent. */
	open: boolean;
}

export type AgencyPage =
	| {
			mode: 'tree';
			rows: AgencyTreeRow[];
			/** The levels (0 = the scope's top) shown open whatever is asked. */
			openDepth: number;
			/** The unit `mo` opened, when it is in scope. */
			opened: number | null;
	  }
	| ({ mode: 'flat' } & Paged<AgencyListRow>);

/** An agency's depth from its path: '/1/' is 0, '/1/7/42/' is 2. */
const depthSql = sql<number>`(length(a.path) - length(replace(a.path, '/', '')) - 2)`;
const depthOfPath = (path: string) => path.split('/').filter(Boolean).length - 1;
const topDepth = (scope: AgencyScope) => (scope.kind === 'all' ? 0 : depthOfPath(scope.path));

export async function agencyPage(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: AgencyPageFilter
): Promise<AgencyPage> {
	if (isFlat(f)) return { mode: 'flat', ...(await flatPage(db, scope, f)) };
	return treePage(db, scope, f);
}

async function treePage(db: Kysely<Database>, scope: AgencyScope, f: AgencyPageFilter): Promise<AgencyPage> {
	const top = topDepth(scope);
	// The first TREE_ROWS_MAX + 1 agencies by depth (agencies_depth_idx), counted per depth: the
	// levels that fit are whole among them, and the first that does not fit pushes past the limit.
	const levels = await db
		.selectFrom(
			db
				.selectFrom('agencies as a')
				.$call((q) => whereAgencyMatches(q, scope, f))
				.select(depthSql.as('depth'))
				.orderBy(depthSql)
				.limit(TREE_ROWS_MAX + 1)
				.as('l')
		)
		.select(['l.depth', sql<number>`count(*)::int`.as('n')])
		.groupBy('l.depth')
		.orderBy('l.depth')
		.execute();
	// The deepest level such that it and the levels above fit; the top level always shows.
	let openDepth = 0;
	let rows = 0;
	for (const l of levels) {
		rows += l.n;
		if (rows > TREE_ROWS_MAX) break;
		openDepth = l.depth - top;
	}
	const opened = f.mo !== undefined ? await getAgency(db, scope, f.mo) : null;
	// The opened unit and its ancestors within scope show their units.
	const openIds = opened ? opened.path.split('/').filter(Boolean).map(Number).slice(top) : [];
	const list = await treeRows(db, scope, f, (q) =>
		q.where(({ or, eb }) =>
			or([eb(depthSql, '<=', top + openDepth), ...(openIds.length ? [eb('a.parent_id', 'in', openIds)] : [])])
		)
	);
	const open = new Set(openIds);
	const sorted = sortTree(list.map((r) => ({ ...r, open: r.depth - top < openDepth || open.has(r.id) })));
	return {
		mode: 'tree',
		rows: sorted.map((r) => ({ ...r, depth: r.depth - top })),
		openDepth,
		opened: opened?.id ?? null
	};
}

/** The units directly under `parentId`, with their counts; null when the viewer may not see it. */
export async function agencyChildren(
	db: Kysely<Database>,
	scope: AgencyScope,
	parentId: number,
	f: AgencyFilter
): Promise<AgencyTreeRow[] | null> {
	const parent = await getAgency(db, scope, parentId);
	if (!parent) return null;
	const top = topDepth(scope);
	const rows = await treeRows(db, scope, f, (q) => q.where('a.parent_id', '=', parent.id));
	return sortTree(rows).map((r) => ({ ...r, open: false, depth: r.depth - top }));
}

/** The agencies the filter and `which` keep, with their subtree counts and their units' number. */
async function treeRows(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: AgencyFilter,
	which: (q: BaseRows) => BaseRows
): Promise<Omit<AgencyTreeRow, 'open'>[]> {
	const rows = await which(baseRows(db, scope, f))
		.select((eb) =>
			eb
				.selectFrom('agencies as c')
				.select(sql<number>`count(*)::int`.as('n'))
				.whereRef('c.parent_id', '=', 'a.id')
				.$if(Boolean(f.active), (q) => q.where('c.active', '=', true))
				.as('children')
		)
		.execute();
	const counts = await countsOf(
		db,
		scope,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({ ...withCounts(r, counts), children: r.children ?? 0 }));
}

type BaseRows = ReturnType<typeof baseRows>;

function baseRows(db: Kysely<Database>, scope: AgencyScope, f: AgencyFilter) {
	return db
		.selectFrom('agencies as a')
		.leftJoin('agencies as parent', 'parent.id', 'a.parent_id')
		.$call((q) => whereAgencyMatches(q, scope, f))
		.select([
			'a.id',
			'a.code',
			'a.name',
			'a.kind',
			'a.parent_id',
			'parent.name as parent_name',
			'a.active',
			'a.ended_on',
			depthSql.as('depth')
		]);
}

type Counts = Map<number, { certificates: number; people: number; tokens: number; findings: number }>;

/** The subtree counts of `ids` (agencies within `scope`). */
async function countsOf(db: Kysely<Database>, scope: AgencyScope, ids: number[]): Promise<Counts> {
	if (!ids.length) return new Map();
	const rows = await db.selectFrom(subtreeCounts(scope, { ids }).as('n')).selectAll().execute();
	return new Map(rows.map((r) => [r.id, r]));
}

function withCounts<R extends { id: number }>(r: R, counts: Counts) {
	const n = counts.get(r.id);
	return {
		...r,
		certificates_in_use: n?.certificates ?? 0,
		people: n?.people ?? 0,
		tokens: n?.tokens ?? 0,
		open_findings: n?.findings ?? 0
	};
}

/** A page of the flat list. Sorted by the agency's own text, the page is chosen first and only its
 * rows are counted; sorted by a count, every match is counted to order them. */
async function flatPage(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: AgencyPageFilter
): Promise<Paged<AgencyListRow>> {
	const offset = offsetOf(f.page);
	const total = db
		.selectFrom('agencies as a')
		.$call((q) => whereAgencyMatches(q, scope, f))
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
	const sort = agencySort(f);
	let rows: Promise<AgencyListRow[]>;
	if (COUNT_SORTS.includes(sort.column))
		rows = flatRowsWithCounts(db, scope, f).limit(PAGE_SIZE).offset(offset).execute();
	else
		rows = db
			.selectFrom('agencies as a')
			.leftJoin('agencies as parent', 'parent.id', 'a.parent_id')
			.$call((q) => whereAgencyMatches(q, scope, f))
			.select([
				'a.id',
				'a.code',
				'a.name',
				'a.kind',
				'parent.name as parent_name',
				'a.active',
				'a.ended_on',
				sql<number>`0`.as('depth')
			])
			.$call((q) => orderBySort(q, sort, AGENCY_SORT_SQL, sql`a.id`))
			.limit(PAGE_SIZE)
			.offset(offset)
			.execute()
			.then(async (page) => {
				const counts = await countsOf(
					db,
					scope,
					page.map((r) => r.id)
				);
				return page.map((r) => withCounts(r, counts));
			});
	const [n, list] = await Promise.all([total, rows]);
	return { rows: list, page: f.page, pageSize: PAGE_SIZE, total: n.n };
}
