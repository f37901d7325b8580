import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { resolveRange, signingFilterSchema } from '$lib/server/signing/filter';
import { listSigningEvents, signingAggregates } from '$lib/server/signing/activity';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const { value: filter, invalid } = parseQuery(signingFilterSchema, url.searchParams);
	const range = resolveRange(filter);
	const [aggregates, events, agencies] = await Promise.all([
		signingAggregates(db, scope, filter, range, filter.bucket, 20),
		listSigningEvents(db, scope, filter, range),
		agencyOptions(db, scope)
	]);
	return {
		canImport: can(locals.user, '/ky-so/nhap'),
		filter,
		invalid,
		range: { from: range.from, to: range.to },
		...aggregates,
		events,
		agencies
	};
};
