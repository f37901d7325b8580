import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import {
	certificateFilterSchema,
	certificateIssuers,
	listCertificates
} from '$lib/server/inventory/certificate-list';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { requireUser } from '$lib/server/http/route-kit';
import { readSetting } from '$lib/server/settings/store';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const { value: filter, invalid } = parseQuery(certificateFilterSchema, url.searchParams);
	const [list, agencies, issuers, dormant] = await Promise.all([
		listCertificates(db, scope, filter),
		agencyOptions(db, scope),
		certificateIssuers(db, scope),
		readSetting(db, 'overview.dormant')
	]);
	return { list, filter, invalid, agencies, issuers, dormantDays: dormant.dormantDays };
};
