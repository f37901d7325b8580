import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { getPersonDetail } from '$lib/server/organisation/people-queries';
import { canEditAgency } from '$lib/server/organisation/people-access';
import { updatePerson } from '$lib/server/organisation/people';
import { changeStatus, changeTitle, movePerson } from '$lib/server/organisation/people-history';
import {
	moveSchema,
	parseInput,
	personDetailsSchema,
	statusChangeSchema,
	titleChangeSchema
} from '$lib/server/organisation/people-input';
import { orgFormAction } from '$lib/server/organisation/form-action';
import { idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy người này (hoặc người này không thuộc phạm vi của bạn).';

const personId = (param: string) => idParam(param, NOT_FOUND);

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = personId(params.id);
	const db = await getDb();
	const user = requireUser(locals);
	const detail = await getPersonDetail(db, user.scope, id);
	if (!detail) error(404, { message: NOT_FOUND });
	const mayEdit = await canEditAgency(db, user, detail.person.agency_id);
	return { ...detail, mayEdit, agencies: mayEdit ? await agencyOptions(db, user.scope) : [] };
};

export const actions: Actions = {
	update: (event) =>
		orgFormAction(event, 'update', async (values, user, who) =>
			updatePerson(
				await getDb(),
				user,
				personId(event.params.id!),
				parseInput(personDetailsSchema, values),
				who
			)
		),
	move: (event) =>
		orgFormAction(event, 'move', async (values, user, who) =>
			movePerson(await getDb(), user, personId(event.params.id!), parseInput(moveSchema, values), who)
		),
	title: (event) =>
		orgFormAction(event, 'title', async (values, user, who) =>
			changeTitle(await getDb(), user, personId(event.params.id!), parseInput(titleChangeSchema, values), who)
		),
	status: (event) =>
		orgFormAction(event, 'status', async (values, user, who) =>
			changeStatus(
				await getDb(),
				user,
				personId(event.params.id!),
				parseInput(statusChangeSchema, values),
				who
			)
		)
};
