import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/inventory/filters';
import { agencyFilterChoices } from '$lib/server/inventory/agency-choices';
import { resolveRange, signingFilterSchema } from '$lib/server/signing/filter';
import { listSigningEvents, signingAggregates } from '$lib/server/signing/activity';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';
import { certificateIdByKey, pickerShown } from '$lib/server/pickers/resolve';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const scope = requireUser(locals).scope;
	// The certificate picker sends a serial or fingerprint; the filter and the links name the id.
	const params = new URLSearchParams(url.searchParams);
	const certKey = params.get('certificate')?.trim() ?? '';
	if (certKey && !/^\d+$/.test(certKey)) {
		const id = await certificateIdByKey(db, scope, certKey);
		params.set('certificate', id === null ? 'x' : String(id));
	}
	const { value: filter, invalid } = parseQuery(signingFilterSchema, params);
	const range = resolveRange(filter);
	const [aggregates, events, agencies, shown] = await Promise.all([
		signingAggregates(db, scope, filter, range, filter.bucket, 20),
		listSigningEvents(db, scope, filter, range),
		agencyFilterChoices(db, scope, 'inventory', filter.agency),
		pickerShown(db, scope, filter)
	]);
	return {
		canImport: can(locals.user, '/ky-so/nhap'),
		filter,
		invalid,
		range: { from: range.from, to: range.to },
		...aggregates,
		events,
		agencies: agencies.options,
		agenciesMore: agencies.more,
		// What the certificate and person pickers show for the filter's ids.
		shown: { ...shown, certificate: certKey && !/^\d+$/.test(certKey) ? certKey : shown.certificate }
	};
};
