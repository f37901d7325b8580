// GET /api/co-quan/[id]/don-vi?active=1: the units directly under an agency with their subtree
// counts, for the agencies page's tree when a unit is opened (src/lib/server/inventory/agency-page.ts).
// Scoped as the page is: an agency outside the viewer's subtree answers 404, as a missing one does.
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { ERROR_TABLE } from '$lib/errors';
import { agencyChildren } from '$lib/server/inventory/agency-page';
import { agencyFilterSchema } from '$lib/server/inventory/agency-list';
import { parseQuery } from '$lib/server/inventory/filters';
import type { RequestHandler } from './$types';

const notFound = () =>
	json({ code: 'NOT_FOUND', message: ERROR_TABLE.NOT_FOUND.vi }, { status: ERROR_TABLE.NOT_FOUND.status });

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = locals.user;
	if (!user) return json({ code: 'UNAUTHENTICATED', message: 'Vui lòng đăng nhập.' }, { status: 401 });
	if (!/^[0-9]{1,9}$/.test(params.id) || Number(params.id) < 1) return notFound();
	const { value: filter } = parseQuery(agencyFilterSchema.pick({ active: true }), url.searchParams);
	const rows = await agencyChildren(await getDb(), user.scope, Number(params.id), filter);
	if (!rows) return notFound();
	return json({ rows }, { headers: { 'cache-control': 'private, no-store' } });
};
