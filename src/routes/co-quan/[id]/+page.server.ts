import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { agencyAuditLists, getAgency } from '$lib/server/inventory/agencies';
import {
	agencyChoices,
	agencyHistory,
	dissolveAgency,
	mergeAgency,
	moveAgency,
	renameAgency
} from '$lib/server/organisation/agencies';
import { overviewFigures } from '$lib/server/overview/queries';
import { resolveRange } from '$lib/server/signing/filter';
import { signingAggregates } from '$lib/server/signing/activity';
import { auditFromEvent } from '$lib/server/audit/log';
import type { AuditWho } from '$lib/server/audit/from-event';
import { formValues, refused, type FormValues } from '../agency-form.server';

import { can } from '$lib/server/auth/can';
import { found, idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy cơ quan, đơn vị.';
const agencyIdOf = (params: { id: string }) => idParam(params.id, NOT_FOUND);

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = agencyIdOf(params);
	const db = await getDb();
	const agency = found(await getAgency(db, requireUser(locals).scope, id), NOT_FOUND);
	const scope = { kind: 'subtree' as const, agencyId: agency.id, path: agency.path };
	const range = resolveRange({});
	const filter = { bucket: 'month' as const };
	// The rename, move, merge and dissolve forms come together; each is still checked by its own rule.
	const editable =
		(['rename', 'move', 'merge', 'dissolve'] as const).every((a) => can(locals.user, '/co-quan/[id]', a)) &&
		agency.active;
	const [lists, figures, signing, history, choices] = await Promise.all([
		agencyAuditLists(db, agency.id),
		overviewFigures(db, scope),
		signingAggregates(db, scope, filter, range, 'month'),
		agencyHistory(db, agency.id),
		// A move or merge cannot go into the agency's own subtree.
		editable ? agencyChoices(db, { excludeSubtreeOf: agency.path }) : Promise.resolve(null)
	]);
	return {
		agency,
		...lists,
		figures,
		series: signing.series,
		signed: signing.total,
		range: { from: range.from, to: range.to },
		history,
		edit: choices ? { choices } : null
	};
};

/** One agency form: the change, or the refusal with its field errors and what was typed. */
function change(name: string, run: (id: number, values: FormValues, who: AuditWho) => Promise<unknown>) {
	return async (event: RequestEvent) => {
		const id = agencyIdOf(event.params);
		const values = await formValues(event.request);
		try {
			await run(id, values, auditFromEvent(event));
		} catch (e) {
			return refused(name, e, values);
		}
		return { form: name, saved: true };
	};
}

export const actions: Actions = {
	rename: change('rename', async (id, v, who) => renameAgency(await getDb(), id, v, who)),
	move: change('move', async (id, v, who) => moveAgency(await getDb(), id, v, who)),
	merge: change('merge', async (id, v, who) => mergeAgency(await getDb(), id, v, who)),
	dissolve: change('dissolve', async (id, v, who) => dissolveAgency(await getDb(), id, v, who))
};
