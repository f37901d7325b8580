// The history of job runs on /tac-vu and its export: a search without accents or case by the
// job's title (or its name), a filter by status, a sort by a whitelisted column with an id
// tie-break (newest first by default), a page at a time.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { JOB_CATALOGUE } from '../../jobs/catalogue';
import { translate } from '../../i18n/catalogue';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort } from '../db/sort';
import { codesMatching, labelSortKey } from '../db/label-sort';
import { offsetOf, type Paged } from '../inventory/filters';
import { RUN_SUMMARY_COLUMNS, type RunSummary } from './queries';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'abandoned', 'cancelled'] as const;
export const RUN_SORTS = ['id', 'job', 'trigger', 'status', 'started', 'finished'] as const;
export const RUNS_PAGE_SIZE = 40;

export const runFilterSchema = z.object({
	q: z.string().max(100).optional(),
	status: z.enum(RUN_STATUSES).optional(),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	sap: z.enum(RUN_SORTS).optional(),
	chieu: z.enum(['asc', 'desc']).optional()
});
export type RunFilter = z.infer<typeof runFilterSchema>;

/** A job's name in words: its catalogue title (a job no longer in the catalogue keeps its name). */
export function jobTitle(name: string): string {
	return JOB_CATALOGUE.find((j) => j.name === name)?.title ?? name;
}

const TITLES = (): [string, string][] => JOB_CATALOGUE.map((j) => [j.name, j.title]);
const words = (prefix: string, codes: readonly string[]): [string, string][] =>
	codes.map((c) => [c, translate('vi', `${prefix}.${c}`)]);
const TRIGGERS = ['schedule', 'manual', 'cli', 'retry', 'catch_up'] as const;

export async function searchRuns(
	db: Kysely<Database>,
	f: RunFilter,
	pageSize = RUNS_PAGE_SIZE
): Promise<Paged<RunSummary>> {
	let base = db.selectFrom('job_runs');
	if (f.status) base = base.where('status', '=', f.status);
	const like = foldedPattern(f.q);
	if (like) {
		const names = codesMatching(f.q, TITLES());
		base = base.where(({ or, eb, ref }) =>
			or([foldedLike(ref('job_name'), like), ...(names.length ? [eb('job_name', 'in', names)] : [])])
		);
	}
	const [rows, count] = await Promise.all([
		base
			.select(RUN_SUMMARY_COLUMNS)
			.$call((q) =>
				orderBySort(
					q,
					{ column: f.sap ?? 'id', direction: f.chieu ?? (f.sap ? 'asc' : 'desc') },
					{
						id: sql`id`,
						job: labelSortKey(sql`job_name`, TITLES()),
						trigger: labelSortKey(sql`trigger`, words('jobs.trigger', TRIGGERS)),
						status: labelSortKey(sql`status`, words('jobs.status', RUN_STATUSES)),
						started: sql`started_at`,
						finished: sql`finished_at`
					},
					sql`id`
				)
			)
			.limit(pageSize)
			.offset(offsetOf(f.page, pageSize))
			.execute(),
		base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, page: f.page, pageSize, total: count.n };
}
