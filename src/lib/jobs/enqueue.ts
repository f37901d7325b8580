// The one way a run is started: a schedule's tick, "Chạy ngay" on the jobs page, `kiem-ky job run`,
// the catch-up at start and the demo's first scans all come here, where the job is looked up in
// the catalogue and its payload validated against the job's schema (zod) before the queued row is
// written. Only retries and continuations of a run are queued elsewhere (run-outcomes.ts), with
// the payload their first run was validated with.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../server/db/schema';
import { AppError } from '../errors';
import type { JobMeta } from './catalogue';
import type { RunTrigger } from './definition';
import { insertRun } from './run-store';

export interface EnqueueOptions {
	trigger: Exclude<RunTrigger, 'retry'>;
	scheduledFor?: Date | null;
	requestedBy?: number | null;
	payload?: unknown;
}

/**
 * Queues a run of `jobName` (one of `jobs`); null when the job is already queued or running, or
 * the scheduled tick already has its run. Throws NOT_FOUND for an unknown job and INVALID_INPUT,
 * naming the field, for a payload its schema refuses.
 */
export async function enqueueRun(
	db: Kysely<Database>,
	jobs: readonly JobMeta<any>[],
	jobName: string,
	e: EnqueueOptions,
	now: Date
): Promise<number | null> {
	const job = jobs.find((j) => j.name === jobName);
	if (!job) throw new AppError('NOT_FOUND', `Không có tác vụ "${jobName}".`);
	const parsed = job.payloadSchema.safeParse(e.payload ?? {});
	if (!parsed.success)
		throw new AppError(
			'INVALID_INPUT',
			`Tham số của tác vụ ${jobName} không hợp lệ: ${describeIssue(parsed.error.issues[0])}`
		);
	return insertRun(db, {
		jobName,
		trigger: e.trigger,
		scheduledFor: e.scheduledFor ?? null,
		requestedBy: e.requestedBy ?? null,
		payload: parsed.data,
		now
	});
}

/** One payload problem in Vietnamese, naming the field. */
function describeIssue(issue: z.ZodIssue | undefined): string {
	if (!issue) return 'không rõ lỗi';
	const field = issue.path.length ? `"${issue.path.join('.')}"` : 'tham số';
	switch (issue.code) {
		case 'invalid_type':
			return issue.received === 'undefined'
				? `thiếu ${field}`
				: `${field} phải có kiểu ${issue.expected} (nhận ${issue.received})`;
		case 'unrecognized_keys':
			return `không có tham số ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
		default:
			return `${field}: ${issue.message}`;
	}
}
