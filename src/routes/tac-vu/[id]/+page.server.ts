import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getRun } from '$lib/server/jobs/queries';
import { found, idParam } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy lần chạy.';

export const load: PageServerLoad = async ({ params }) => {
	const id = idParam(params.id, NOT_FOUND);
	return found(await getRun(await getDb(), id), NOT_FOUND);
};
