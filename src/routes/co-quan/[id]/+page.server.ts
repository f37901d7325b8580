import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyAuditLists, getAgency } from '$lib/server/inventory/agencies';
import { overviewFigures } from '$lib/server/overview/queries';
import { resolveRange } from '$lib/server/signing/filter';
import { signingSeries, signingTotal } from '$lib/server/signing/activity';

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy cơ quan, đơn vị.' });
	const db = await getDb();
	const agency = await getAgency(db, locals.user!.scope, id);
	if (!agency) error(404, { message: 'Không tìm thấy cơ quan, đơn vị.' });
	const scope = { kind: 'subtree' as const, agencyId: agency.id, path: agency.path };
	const range = resolveRange({});
	const filter = { bucket: 'month' as const };
	const [lists, figures, series, signed] = await Promise.all([
		agencyAuditLists(db, agency.id),
		overviewFigures(db, scope),
		signingSeries(db, scope, filter, range, 'month'),
		signingTotal(db, scope, filter, range)
	]);
	return { agency, ...lists, figures, series, signed, range: { from: range.from, to: range.to } };
};
