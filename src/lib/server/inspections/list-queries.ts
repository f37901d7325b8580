// The inspections and trainings lists (/thanh-tra, /thanh-tra/dao-tao): their filters, search and
// sort from the URL, and the scoped queries the pages and the Excel exports share. An agency
// officer sees the inspections of their own agency subtree, and trainings of it or province-wide.
import { sql, type Expression, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { parseSort, type ListSort } from '../../lists/sort';
import { INSPECTION_STATUSES, type InspectionStatus } from '../../domain/inspections';

/** Rows a list page shows (neither page pages yet). */
export const LIST_LIMIT = 200;

const searchTerm = (q: URLSearchParams) => q.get('q')?.trim().slice(0, 100) || undefined;

export const INSPECTION_SORT_COLUMNS = [
	'title',
	'agency',
	'decision',
	'started',
	'status',
	'findings'
] as const;
export type InspectionSortColumn = (typeof INSPECTION_SORT_COLUMNS)[number];
export const INSPECTION_DEFAULT_SORT: ListSort<InspectionSortColumn> = {
	column: 'started',
	direction: 'desc'
};

export interface InspectionFilters {
	agencyId?: number;
	status?: InspectionStatus;
	/** Words in the title, the decision number or the agency's name, diacritics and case ignored. */
	q?: string;
	sort?: ListSort<InspectionSortColumn>;
	limit?: number;
	offset?: number;
}

/** The inspections list's search and sort from the URL (`/thanh-tra?…`); bad values are dropped. */
export function parseInspectionFilters(q: URLSearchParams): InspectionFilters {
	return {
		q: searchTerm(q),
		status: INSPECTION_STATUSES.find((s) => s === q.get('trang-thai')),
		sort: parseSort(q, INSPECTION_SORT_COLUMNS, INSPECTION_DEFAULT_SORT)
	};
}

const INSPECTION_SORT_SQL: Record<InspectionSortColumn, Expression<unknown> | Expression<unknown>[]> = {
	title: textSortKey(sql`i.title`),
	agency: textSortKey(sql`a.name`),
	decision: textSortKey(sql`i.decision_number`),
	started: sql`i.started_on`,
	// Planned, in progress, completed: the order of the work, not of the words.
	status: sql`case i.status when 'planned' then 0 when 'in_progress' then 1 else 2 end`,
	findings: sql`findings`
};

export async function listInspections(db: Kysely<Database>, scope: AgencyScope, f: InspectionFilters = {}) {
	let q = db
		.selectFrom('inspections as i')
		.innerJoin('agencies as a', 'a.id', 'i.agency_id')
		.leftJoin('users as u', 'u.id', 'i.lead_user_id')
		.where(({ ref }) => inScope(scope, ref('i.agency_id')))
		.select([
			'i.id',
			'i.title',
			'i.decision_number',
			'i.started_on',
			'i.ended_on',
			'i.status',
			'a.name as agency_name',
			'u.display_name as lead_name'
		])
		.select(
			sql<number>`(select count(*)::int from findings f where f.inspection_id = i.id
				and f.agency_id in (select d.id from agencies d where d.path like a.path || '%')
				and ${inScope(scope, sql.ref('f.agency_id'))})`.as('findings')
		);
	if (f.agencyId) q = q.where('i.agency_id', '=', f.agencyId);
	if (f.status) q = q.where('i.status', '=', f.status);
	const like = foldedPattern(f.q);
	if (like)
		q = q.where(({ eb, ref }) =>
			eb.or([
				foldedLike(ref('i.title'), like),
				foldedLike(ref('i.decision_number'), like),
				foldedLike(ref('a.name'), like)
			])
		);
	return orderBySort(q, f.sort ?? INSPECTION_DEFAULT_SORT, INSPECTION_SORT_SQL, sql`i.id`)
		.limit(f.limit ?? LIST_LIMIT)
		.offset(f.offset ?? 0)
		.execute();
}

export const TRAINING_SORT_COLUMNS = ['held', 'title', 'agency', 'participants', 'topic'] as const;
export type TrainingSortColumn = (typeof TRAINING_SORT_COLUMNS)[number];
export const TRAINING_DEFAULT_SORT: ListSort<TrainingSortColumn> = { column: 'held', direction: 'desc' };

export interface TrainingFilters {
	/** Words in the title, the topic or the agency's name, diacritics and case ignored. */
	q?: string;
	sort?: ListSort<TrainingSortColumn>;
	limit?: number;
	offset?: number;
}

/** The trainings list's search and sort from the URL (`/thanh-tra/dao-tao?…`). */
export function parseTrainingFilters(q: URLSearchParams): TrainingFilters {
	return { q: searchTerm(q), sort: parseSort(q, TRAINING_SORT_COLUMNS, TRAINING_DEFAULT_SORT) };
}

const TRAINING_SORT_SQL: Record<TrainingSortColumn, Expression<unknown> | Expression<unknown>[]> = {
	held: sql`t.held_on`,
	title: textSortKey(sql`t.title`),
	// Province-wide trainings (no agency) come last either way.
	agency: textSortKey(sql`a.name`),
	participants: sql`t.participants`,
	topic: textSortKey(sql`t.topic`)
};

export async function listTrainings(db: Kysely<Database>, scope: AgencyScope, f: TrainingFilters = {}) {
	let q = db
		.selectFrom('trainings as t')
		.leftJoin('agencies as a', 'a.id', 't.agency_id')
		.where((eb) => eb.or([eb('t.agency_id', 'is', null), inScope(scope, eb.ref('t.agency_id'))]))
		.select(['t.id', 't.title', 't.held_on', 't.participants', 't.topic', 'a.name as agency_name']);
	const like = foldedPattern(f.q);
	if (like)
		q = q.where(({ eb, ref }) =>
			eb.or([
				foldedLike(ref('t.title'), like),
				foldedLike(ref('t.topic'), like),
				foldedLike(ref('a.name'), like)
			])
		);
	return orderBySort(q, f.sort ?? TRAINING_DEFAULT_SORT, TRAINING_SORT_SQL, sql`t.id`)
		.limit(f.limit ?? LIST_LIMIT)
		.offset(f.offset ?? 0)
		.execute();
}
