// The agency drop-down of a list's filter when the viewer's scope holds thousands of agencies (a
// province at --scale 10: 4,412, of which 4,294 schools and units): every list page rendered and
// serialised all of them (500 KB a page, most of the leader's page time). Past FULL_LIST_MAX the
// page carries the upper levels and the chosen agency, and the drop-down fetches the whole list
// from /api/chon/co-quan once the page runs (AgencySelect's `more`); below it nothing changes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
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

export async function agencyFilterChoices(
	db: Kysely<Database>,
	scope: AgencyScope,
	set: AgencyChoiceSet,
	chosen: number | null | undefined
): Promise<AgencyFilterChoices> {
	return trimAgencyOptions(await agencyChoiceSet(db, scope, set), set, chosen);
}
