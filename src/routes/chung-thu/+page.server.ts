import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import {
	certificateFilterSchema,
	certificateIssuers,
	listCertificates
} from '$lib/server/inventory/certificate-list';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { requireUser } from '$lib/server/http/route-kit';
import { readSetting } from '$lib/server/settings/store';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const { value: filter, invalid } = parseQuery(certificateFilterSchema, url.searchParams);
	const [list, agencies, issuers, dormant] = await Promise.all([
		listCertificates(db, scope, filter),
		agencyFilterChoices(db, scope, 'inventory', filter.agency),
		certificateIssuers(db, scope),
		readSetting(db, 'overview.dormant')
	]);
	return {
		list,
		filter,
		invalid,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		issuers,
		dormantDays: dormant.dormantDays
	};
};
