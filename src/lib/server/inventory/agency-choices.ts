// The agency drop-down of a list's filter when the viewer's scope holds thousands of agencies (a
// province at --scale 10: 4,412, of which 4,294 schools and units): every list page rendered and
// serialised all of them (500 KB a page, most of the leader's page time). Past FULL_LIST_MAX the
// page carries the upper levels and the chosen agency, and the drop-down fetches the whole list
// from /api/chon/co-quan once the page runs (AgencySelect's `more`); below it nothing changes.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { agencyOptions as inventoryOptions, type AgencyOption } from './agencies';
import { agencyOptions as filterOptions } from '../requests/agency-options';

/** Agencies a page still lists in full. */
export const FULL_LIST_MAX = 1000;
/** Past it, the levels the page carries (0 = the scope's top): the province, departments, communes. */
const KEPT_DEPTH = 1;

/** Which list of agencies a filter offers: the inventory's (no external CAs' holders), or every one
 * including ended; `active`: the ones a form may attach something new to (a user's agency). */
export type AgencyChoiceSet = 'inventory' | 'all' | 'active';
export const AGENCY_CHOICE_SETS: readonly AgencyChoiceSet[] = ['inventory', 'all', 'active'];

export function agencyChoiceSet(
	db: Kysely<Database>,
	scope: AgencyScope,
	set: AgencyChoiceSet
): Promise<AgencyOption[]> {
	if (set === 'inventory') return inventoryOptions(db, scope);
	return filterOptions(db, scope, { includeEnded: set === 'all' });
}

export interface AgencyFilterChoices {
	options: AgencyOption[];
	/** Where the drop-down fetches the whole list, when `options` is cut; null when it is whole. */
	more: string | null;
}

/** The options a page carries for its agency filter, cut to the upper levels and `chosen` past FULL_LIST_MAX. */
export function trimAgencyOptions(
	all: AgencyOption[],
	set: AgencyChoiceSet,
	chosen: number | null | undefined
): AgencyFilterChoices {
	if (all.length <= FULL_LIST_MAX) return { options: all, more: null };
	return {
		options: all.filter((o) => o.depth <= KEPT_DEPTH || o.id === chosen),
		more: `/api/chon/co-quan?ds=${set}`
	};
}

/** The agencies of `set` in scope, as a query over `agencies as a`. */
function choices(db: Kysely<Database>, scope: AgencyScope, set: AgencyChoiceSet) {
	let q = db.selectFrom('agencies as a').where(({ ref }) => inScope(scope, ref('a.id')));
	if (set === 'inventory') q = q.where('a.kind', '<>', 'external');
	if (set === 'active') q = q.where('a.active', '=', true);
	return q;
}

const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

/**
 * What trimAgencyOptions(agencyChoiceSet(…)) gives, without reading every agency of a big scope: a
 * count and the upper levels (and `chosen`) are read side by side, the whole list only when the
 * count is within FULL_LIST_MAX (every list page did read all 4,412 agencies for the leader, to send 118).
 */
export async function agencyFilterChoices(
	db: Kysely<Database>,
	scope: AgencyScope,
	set: AgencyChoiceSet,
	chosen: number | null | undefined
): Promise<AgencyFilterChoices> {
	const top = scope.kind === 'all' ? 0 : depthOf(scope.path);
	const depth = sql<number>`(length(a.path) - length(replace(a.path, '/', '')) - 2)`;
	const [count, upper] = await Promise.all([
		// Counted up to FULL_LIST_MAX + 1: whether the scope passes it is all that is asked.
		db
			.selectFrom(
				choices(db, scope, set)
					.select(sql`1`.as('one'))
					.limit(FULL_LIST_MAX + 1)
					.as('c')
			)
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow(),
		choices(db, scope, set)
			.select(['a.id', 'a.name', 'a.path'])
			.where(({ eb, or }) =>
				or([eb(depth, '<=', top + KEPT_DEPTH), ...(chosen ? [eb('a.id', '=', chosen)] : [])])
			)
			.orderBy('a.path')
			.execute()
	]);
	if (count.n <= FULL_LIST_MAX) return { options: await agencyChoiceSet(db, scope, set), more: null };
	// The inventory's list indents from the scope's top; the others from the province (their sources').
	const from = set === 'inventory' ? Math.min(...upper.map((r) => depthOf(r.path))) : 0;
	return {
		options: upper.map((r) => ({ id: r.id, name: r.name, depth: depthOf(r.path) - from })),
		more: `/api/chon/co-quan?ds=${set}`
	};
}
