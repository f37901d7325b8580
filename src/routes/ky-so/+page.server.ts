import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { resolveRange, signingFilterSchema } from '$lib/server/signing/filter';
import { listSigningEvents, signingAggregates } from '$lib/server/signing/activity';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = locals.user!.scope;
	const { value: filter, invalid } = parseQuery(signingFilterSchema, url.searchParams);
	const range = resolveRange(filter);
	const [aggregates, events, agencies] = await Promise.all([
		signingAggregates(db, scope, filter, range, filter.bucket, 20),
		listSigningEvents(db, scope, filter, range),
		agencyOptions(db, scope)
	]);
	const roles = locals.user!.roles;
	return {
		canImport: roles.some((r) => r === 'admin' || r === 'inspector' || r === 'report_staff'),
		filter,
		invalid,
		range: { from: range.from, to: range.to },
		...aggregates,
		events,
		agencies
	};
};
