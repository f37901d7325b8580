import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getRun } from '$lib/server/jobs/queries';
import { found, idParam } from '$lib/server/http/route-kit';
import { findJobMeta } from '$lib/jobs/catalogue';

const NOT_FOUND = 'Không tìm thấy lần chạy.';

export const load: PageServerLoad = async ({ params }) => {
	const id = idParam(params.id, NOT_FOUND);
	const run = found(await getRun(await getDb(), id), NOT_FOUND);
	const meta = findJobMeta(run.run.job_name);
	// The job's words (the page shows them in its language); a job this build no longer has: its name.
	return {
		...run,
		job: {
			name: run.run.job_name,
			title: meta?.title ?? run.run.job_name,
			description: meta?.description ?? ''
		}
	};
};
