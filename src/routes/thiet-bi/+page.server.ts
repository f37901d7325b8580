import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { listTokens, tokenFilterSchema } from '$lib/server/inventory/tokens';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { mayRecordCustody } from '$lib/server/organisation/custody-page';
import { DEVICE_KINDS, TOKEN_STATUSES } from '$lib/domain';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const { value: filter, invalid } = parseQuery(tokenFilterSchema, url.searchParams);
	const [list, agencies] = await Promise.all([
		listTokens(db, scope, filter),
		agencyFilterChoices(db, scope, 'inventory', filter.agency)
	]);
	return {
		list,
		filter,
		invalid,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		statuses: [...TOKEN_STATUSES],
		kinds: [...DEVICE_KINDS],
		canAdd: mayRecordCustody(requireUser(locals))
	};
};
