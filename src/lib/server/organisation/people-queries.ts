// Reading people: the list (search by name, agency subtree, status) and one person with their posts,
// statuses, certificates held and clerk appointments, always within the viewer's agency scope.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { offsetOf, PAGE_SIZE, type Paged } from '../inventory/filters';
import { PERSON_STATUSES } from '../../domain/organisation';

export const peopleFilterSchema = z.object({
	q: z.string().max(100).optional(),
	agency: z.coerce.number().int().positive().optional(),
	status: z.enum(PERSON_STATUSES).optional(),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	sap: z.enum(['name', 'title', 'agency', 'status', 'certificates']).optional(),
	chieu: z.enum(['asc', 'desc']).optional()
});
export type PeopleFilter = z.infer<typeof peopleFilterSchema>;

export interface PersonRow {
	id: number;
	full_name: string;
	title: string;
	email: string | null;
	status: string;
	status_since: string | null;
	agency_id: number;
	agency_name: string;
	certificates: number;
}

export async function listPeople(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: PeopleFilter,
	pageSize = PAGE_SIZE
): Promise<Paged<PersonRow>> {
	let base = db.selectFrom('people as p').where(({ ref }) => inScope(scope, ref('p.agency_id')));
	if (f.status) base = base.where('p.status', '=', f.status);
	if (f.agency) {
		const agencyId = f.agency;
		base = base.where(({ ref }) => inAgencySubtree(agencyId, ref('p.agency_id')));
	}
	const like = foldedPattern(f.q);
	if (like) base = base.where(({ ref }) => foldedLike(ref('p.full_name'), like));
	const [rows, count] = await Promise.all([
		base
			.innerJoin('agencies as a', 'a.id', 'p.agency_id')
			.select([
				'p.id',
				'p.full_name',
				'p.title',
				'p.email',
				'p.status',
				'p.status_since',
				'p.agency_id',
				'a.name as agency_name',
				(eb) =>
					eb
						.selectFrom('certificates as c')
						.select(sql<number>`count(*)::int`.as('n'))
						.whereRef('c.person_id', '=', 'p.id')
						.as('certificates')
			])
			.$call((q) =>
				orderBySort(
					q,
					{ column: f.sap ?? 'name', direction: f.chieu ?? 'asc' },
					{
						// With a search, the few matches are sorted after the trigram index found them:
						// the same order through people_name_order_idx walked the index and folded every
						// name to test it (`|| ''` keeps the order and makes the planner leave that index).
						name: like ? [sql`kk_fold(p.full_name) || ''`, sql`p.full_name`] : textSortKey(sql`p.full_name`),
						title: textSortKey(sql`p.title`),
						agency: textSortKey(sql`a.name`),
						status: sql`p.status`,
						certificates: sql`certificates`
					},
					sql`p.id`
				)
			)
			.limit(pageSize)
			.offset(offsetOf(f.page, pageSize))
			.$castTo<PersonRow>()
			.execute(),
		base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, page: f.page, pageSize, total: count.n };
}

export interface PersonDetail {
	person: {
		id: number;
		full_name: string;
		title: string;
		email: string | null;
		national_id: string | null;
		status: string;
		status_since: string | null;
		agency_id: number;
		agency_name: string;
	};
	posts: {
		id: number;
		agency_id: number;
		agency_name: string;
		title: string;
		valid_from: string;
		valid_to: string | null;
		decision_number: string | null;
		recorded_by: string;
	}[];
	statuses: {
		id: number;
		status: string;
		since: string;
		decision_number: string | null;
		note: string | null;
		recorded_by: string;
	}[];
	certificates: {
		id: number;
		subject_cn: string;
		kind: string;
		status: string;
		not_before: Date;
		not_after: Date;
		stated_title: string | null;
	}[];
	clerkFor: {
		id: number;
		agency_name: string;
		certificate_id: number | null;
		appointed_on: string;
		ended_on: string | null;
		decision_number: string | null;
	}[];
}

/** One person with their history, or undefined outside the viewer's scope. */
export async function getPersonDetail(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<PersonDetail | undefined> {
	const person = await db
		.selectFrom('people as p')
		.innerJoin('agencies as a', 'a.id', 'p.agency_id')
		.select([
			'p.id',
			'p.full_name',
			'p.title',
			'p.email',
			'p.national_id',
			'p.status',
			'p.status_since',
			'p.agency_id',
			'a.name as agency_name'
		])
		.where('p.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('p.agency_id')))
		.executeTakeFirst();
	if (!person) return undefined;
	const [posts, statuses, certificates, clerkFor] = await Promise.all([
		db
			.selectFrom('person_positions as pp')
			.innerJoin('agencies as a', 'a.id', 'pp.agency_id')
			.select([
				'pp.id',
				'pp.agency_id',
				'a.name as agency_name',
				'pp.title',
				'pp.valid_from',
				'pp.valid_to',
				'pp.decision_number',
				'pp.recorded_by'
			])
			.where('pp.person_id', '=', id)
			.orderBy('pp.valid_from', 'desc')
			.orderBy('pp.id', 'desc')
			.execute(),
		db
			.selectFrom('person_status_history')
			.select(['id', 'status', 'since', 'decision_number', 'note', 'recorded_by'])
			.where('person_id', '=', id)
			.orderBy('since', 'desc')
			.orderBy('id', 'desc')
			.execute(),
		db
			.selectFrom('certificates')
			.select(['id', 'subject_cn', 'kind', 'status', 'not_before', 'not_after', 'stated_title'])
			.where('person_id', '=', id)
			.orderBy('not_before', 'desc')
			.execute(),
		db
			.selectFrom('clerk_appointments as ap')
			.innerJoin('agencies as a', 'a.id', 'ap.agency_id')
			.select([
				'ap.id',
				'a.name as agency_name',
				'ap.certificate_id',
				'ap.appointed_on',
				'ap.ended_on',
				'ap.decision_number'
			])
			.where('ap.person_id', '=', id)
			.orderBy('ap.appointed_on', 'desc')
			.execute()
	]);
	return { person, posts, statuses, certificates, clerkFor };
}
