import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getRun } from '$lib/server/jobs/queries';

export const load: PageServerLoad = async ({ params }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy lần chạy.' });
	const detail = await getRun(await getDb(), id);
	if (!detail) error(404, { message: 'Không tìm thấy lần chạy.' });
	return detail;
};
