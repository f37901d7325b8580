import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listJobs } from '$lib/server/jobs/queries';
import { RUN_STATUSES, runFilterSchema, searchRuns } from '$lib/server/jobs/run-list';
import { latestAuditCheckpoint } from '$lib/server/audit/checkpoints';
import { parseQuery } from '$lib/server/inventory/filters';
import { runNow, updateSchedule } from '$lib/server/jobs/service';
import { failedDigests } from '$lib/server/notifications/digest-store';
import { refusal, requireUser } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const { value: runFilter, invalid } = parseQuery(runFilterSchema, url.searchParams);
	const [jobs, runs, auditCheckpoint, digests] = await Promise.all([
		listJobs(db, new Date()),
		searchRuns(db, runFilter),
		latestAuditCheckpoint(db),
		failedDigests(db, 20)
	]);
	return {
		jobs,
		runs,
		runFilter,
		runStatuses: RUN_STATUSES,
		invalid,
		auditCheckpoint,
		failedDigests: digests,
		canRun: can(locals.user, '/tac-vu', 'run'),
		canEdit: can(locals.user, '/tac-vu', 'schedule')
	};
};

const RunForm = z.object({ job: z.string().min(1) });
const ScheduleForm = z.object({
	job: z.string().min(1),
	cron: z.string().max(100),
	enabled: z.literal('on').optional(),
	catchUp: z.literal('on').optional()
});

export const actions: Actions = {
	run: async ({ request, locals, getClientAddress }) => {
		const parsed = RunForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Thiếu tên tác vụ.' });
		try {
			await runNow(await getDb(), requireUser(locals), parsed.data.job, getClientAddress());
		} catch (e) {
			// Anything else (a lost database connection: 503) goes to handleError.
			return refusal(e, { job: parsed.data.job });
		}
		redirect(303, '/tac-vu');
	},
	schedule: async ({ request, locals, getClientAddress }) => {
		const parsed = ScheduleForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Dữ liệu lịch chạy không hợp lệ.' });
		const { job, cron, enabled, catchUp } = parsed.data;
		try {
			await updateSchedule(
				await getDb(),
				requireUser(locals),
				job,
				{ cron, enabled: enabled === 'on', catchUp: catchUp === 'on' },
				getClientAddress()
			);
		} catch (e) {
			return refusal(e, { job, cron });
		}
		redirect(303, '/tac-vu');
	}
};
