import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyOptions } from '$lib/server/inventory/agencies';
import { resolveRange, signingFilterSchema } from '$lib/server/signing/filter';
import {
	listSigningEvents,
	signingByAgency,
	signingByChannel,
	signingByForm,
	signingSeries,
	signingTotal
} from '$lib/server/signing/activity';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const { value: filter, invalid } = parseQuery(signingFilterSchema, url.searchParams);
	const range = resolveRange(filter);
	const [series, byChannel, byForm, byAgency, total, events, agencies] = await Promise.all([
		signingSeries(db, scope, filter, range, filter.bucket),
		signingByChannel(db, scope, filter, range),
		signingByForm(db, scope, filter, range),
		signingByAgency(db, scope, filter, range, 20),
		signingTotal(db, scope, filter, range),
		listSigningEvents(db, scope, filter, range),
		agencyOptions(db, scope)
	]);
	return {
		canImport: can(locals.user, '/ky-so/nhap'),
		filter,
		invalid,
		range: { from: range.from, to: range.to },
		series,
		byChannel,
		byForm,
		byAgency,
		total,
		events,
		agencies
	};
};
