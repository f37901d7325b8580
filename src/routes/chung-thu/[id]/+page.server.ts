import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	certificateFindings,
	getCertificateDetail,
	renewalChain
} from '$lib/server/inventory/certificate-detail';
import { listSigningEvents } from '$lib/server/signing/activity';
import { certificateEventRange, signingFilterSchema } from '$lib/server/signing/filter';
import { parseQuery } from '$lib/server/inventory/filters';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy chứng thư số.' });
	const db = await getDb();
	const scope = locals.user!.scope;
	const cert = await getCertificateDetail(db, scope, id);
	if (!cert) error(404, { message: 'Không tìm thấy chứng thư số.' });
	const { value: filter } = parseQuery(signingFilterSchema, url.searchParams);
	const [chain, findings, events] = await Promise.all([
		renewalChain(db, scope, id),
		certificateFindings(db, scope, id),
		listSigningEvents(db, scope, { ...filter, certificate: id }, certificateEventRange(cert.not_before), 25)
	]);
	return { cert, chain, findings, events, cursor: filter.cursor ?? null };
};
