import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getTokenDetail } from '$lib/server/inventory/tokens';

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy thiết bị.' });
	const detail = await getTokenDetail(await getDb(), locals.user!.scope, id);
	if (!detail) error(404, { message: 'Không tìm thấy thiết bị.' });
	return detail;
};
