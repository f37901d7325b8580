import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listRequests, openRecoveryRequests, parseRequestFilters } from '$lib/server/requests/queries';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';
import { offsetOf, PAGE_SIZE, parseQuery } from '$lib/server/inventory/filters';
import { z } from 'zod';

const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) });

export const load: PageServerLoad = async ({ locals, url }) => {
	// 50 a page with the lists' pager, as the other lists (the page showed the first 200).
	const { page } = parseQuery(pageSchema, url.searchParams).value;
	const filters = { ...parseRequestFilters(url.searchParams), limit: PAGE_SIZE, offset: offsetOf(page) };
	const db = await getDb();
	const now = new Date();
	const scope = requireUser(locals).scope;
	const [list, recovery, agencies] = await Promise.all([
		listRequests(db, scope, filters, now),
		openRecoveryRequests(db, scope, now),
		agencyFilterChoices(db, scope, 'all', filters.agencyId)
	]);
	const canCreate = can(locals.user, '/yeu-cau/moi');
	return {
		...list,
		page,
		pageSize: PAGE_SIZE,
		recovery,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		filters,
		canCreate
	};
};
