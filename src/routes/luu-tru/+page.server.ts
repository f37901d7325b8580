import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listArchivedDocuments, parseArchiveFilters } from '$lib/server/document-archive/queries';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';
import { queryPage } from '$lib/server/http/query-values';

const PAGE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams;
	const page = queryPage(q.get('trang'));
	const filters = { ...parseArchiveFilters(q), limit: PAGE, offset: (page - 1) * PAGE };
	const db = await getDb();
	const [result, agencies] = await Promise.all([
		listArchivedDocuments(db, requireUser(locals).scope, filters),
		agencyFilterChoices(db, requireUser(locals).scope, 'all', filters.agencyId)
	]);
	const canFile = can(locals.user, '/luu-tru/nhap');
	return {
		...result,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		filters,
		page,
		pageSize: PAGE,
		canFile
	};
};
