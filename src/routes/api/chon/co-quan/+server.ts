// GET /api/chon/co-quan?ds=inventory|all: every agency of the user's scope a list's agency filter
// offers, for the drop-down that the page carried cut (src/lib/server/inventory/agency-choices.ts).
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { AGENCY_CHOICE_SETS, agencyChoiceSet } from '$lib/server/inventory/agency-choices';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) return json({ message: 'Vui lòng đăng nhập.' }, { status: 401 });
	const set = AGENCY_CHOICE_SETS.find((s) => s === url.searchParams.get('ds')) ?? 'inventory';
	// The browser keeps it for a minute: moving between list pages does not fetch it again.
	return json(await agencyChoiceSet(await getDb(), user.scope, set), {
		headers: { 'cache-control': 'private, max-age=60' }
	});
};
