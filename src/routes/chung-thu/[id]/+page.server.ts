import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	certificateFindings,
	getCertificateDetail,
	renewalChain
} from '$lib/server/inventory/certificate-detail';
import { listSigningEvents } from '$lib/server/signing/activity';
import { certificateEventRange, signingFilterSchema } from '$lib/server/signing/filter';
import { parseQuery } from '$lib/server/inventory/filters';
import { linkableAgencies, linkablePeople, linkCertificate } from '$lib/server/inventory/certificate-link';
import { auditFromEvent } from '$lib/server/audit/log';
import { certificateUsers, peopleInPost } from '$lib/server/organisation/clerks-queries';
import { canEditAgency } from '$lib/server/organisation/people-access';
import { appointClerk, endClerkAppointment } from '$lib/server/organisation/clerks';
import { endDelegation, grantDelegation } from '$lib/server/organisation/delegations';
import {
	appointClerkSchema,
	delegationSchema,
	endSchema,
	parseInput
} from '$lib/server/organisation/people-input';
import { orgFormAction } from '$lib/server/organisation/form-action';
import { formId, found, idParam, refusal, requireUser } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';
import { queryId } from '$lib/server/http/query-values';

const NOT_FOUND = 'Không tìm thấy chứng thư số.';
const certificateId = (param: string | undefined) => idParam(param, NOT_FOUND);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = certificateId(params.id);
	const db = await getDb();
	const scope = requireUser(locals).scope;
	const cert = found(await getCertificateDetail(db, scope, id), NOT_FOUND);
	const { value: filter } = parseQuery(signingFilterSchema, url.searchParams);
	const [chain, findings, events] = await Promise.all([
		renewalChain(db, scope, id),
		certificateFindings(db, scope, id),
		listSigningEvents(db, scope, { ...filter, certificate: id }, certificateEventRange(cert.not_before), 25)
	]);
	// The holder form: inspectors pick an agency (?gan=<id>, a plain GET so it works without script), then a person.
	let link = null;
	if (can(locals.user, '/chung-thu/[id]', 'link')) {
		const agencyId = queryId(url.searchParams.get('gan')) ?? cert.agency_id;
		const agencies = await linkableAgencies(db, cert.agency_id);
		link = {
			agencyId: agencies.some((a) => a.id === agencyId) ? agencyId : null,
			agencies,
			people: agencyId && cert.kind === 'individual' ? await linkablePeople(db, agencyId) : []
		};
	}
	// Who may use an organisation certificate: its clerks and written delegations (Điều 8.3, 17.2).
	let users = null;
	if (cert.kind === 'organisation') {
		const mayEdit = cert.agency_id !== null && (await canEditAgency(db, requireUser(locals), cert.agency_id));
		users = {
			...(await certificateUsers(db, cert)),
			mayEdit,
			clerkOptions: mayEdit ? await peopleInPost(db, cert.agency_id!, false) : [],
			delegateOptions: mayEdit ? await peopleInPost(db, cert.agency_id!, true) : []
		};
	}
	return { cert, chain, findings, events, cursor: filter.cursor ?? null, link, users };
};

export const actions: Actions = {
	link: async (event) => {
		const id = certificateId(event.params.id);
		const form = await event.request.formData();
		const agencyId = formId(form.get('agencyId'));
		if (agencyId === null) return fail(400, { message: 'Chọn cơ quan giữ chứng thư.' });
		const person = form.get('personId') ?? '';
		const personId = person === '' ? null : formId(person);
		if (person !== '' && personId === null) return fail(400, { message: 'Người được chọn không hợp lệ.' });
		try {
			await linkCertificate(await getDb(), id, { agencyId, personId }, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		return { linked: true };
	},
	appointClerk: (event) =>
		orgFormAction(event, 'appointClerk', async (values, user, who) =>
			appointClerk(
				await getDb(),
				user,
				certificateId(event.params.id),
				parseInput(appointClerkSchema, values),
				who
			)
		),
	endClerk: (event) =>
		orgFormAction(event, 'endClerk', async (values, user, who) =>
			endClerkAppointment(
				await getDb(),
				user,
				certificateId(event.params.id),
				parseInput(endSchema, values),
				who
			)
		),
	grantDelegation: (event) =>
		orgFormAction(event, 'grantDelegation', async (values, user, who) =>
			grantDelegation(
				await getDb(),
				user,
				certificateId(event.params.id),
				parseInput(delegationSchema, values),
				who
			)
		),
	endDelegation: (event) =>
		orgFormAction(event, 'endDelegation', async (values, user, who) =>
			endDelegation(await getDb(), user, certificateId(event.params.id), parseInput(endSchema, values), who)
		)
};
