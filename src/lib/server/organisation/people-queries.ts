// Reading people: the list (search by name, agency subtree, status) and one person with their posts,
// statuses, certificates held and clerk appointments, always within the viewer's agency scope.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import { zId } from '../http/query-values';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { offsetOf, PAGE_SIZE, type Paged } from '../inventory/filters';
import { PERSON_STATUSES } from '../../domain/organisation';

export const peopleFilterSchema = z.object({
	q: z.string().max(100).optional(),
	agency: zId().optional(),
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
	// The stored folded name (migration 2026_12_11_0100): kk_fold per candidate and per match cost
	// 0.4 s for a search matching thousands at --scale 50.
	if (like) base = base.where(sql<SqlBool>`p.name_folded like ${like}`);
	const sort = { column: f.sap ?? ('name' as const), direction: f.chieu ?? ('asc' as const) };
	const keys = {
		// textSortKey's order, read from the stored fold. Without a search, through
		// people_name_order_idx; with one, the matches are sorted after the trigram index found
		// them (`|| ''` keeps the order and makes the planner leave the order index, whose walk
		// tested 44,000 names before the 50 'nguyen thi' at --scale 50).
		name: [like ? sql`p.name_folded || ''` : sql`p.name_folded`, sql`p.full_name`],
		title: textSortKey(sql`p.title`),
		agency: textSortKey(sql`a.name`),
		status: sql`p.status`,
		certificates: sql`certificates`
	};
	const columns = [
		'p.id',
		'p.full_name',
		'p.title',
		'p.email',
		'p.status',
		'p.status_since',
		'p.agency_id'
	] as const;
	const certificates = sql<number>`(select count(*)::int from certificates c where c.person_id = p.id)`.as(
		'certificates'
	);
	const offset = offsetOf(f.page, pageSize);
	// The page's people are chosen first and only they are joined to their agencies (joined before,
	// the sort read the agency of every match), unless the order is the agency's name.
	const rows =
		sort.column === 'agency'
			? base
					.innerJoin('agencies as a', 'a.id', 'p.agency_id')
					.select([...columns, 'a.name as agency_name', certificates])
					.$call((q) => orderBySort(q, sort, keys, sql`p.id`))
					.limit(pageSize)
					.offset(offset)
					.$castTo<PersonRow>()
					.execute()
			: db
					.selectFrom(
						base
							.select([...columns, 'p.name_folded', certificates])
							.$call((q) => orderBySort(q, sort, keys, sql`p.id`))
							.limit(pageSize)
							.offset(offset)
							.as('p')
					)
					.innerJoin('agencies as a', 'a.id', 'p.agency_id')
					.select([...columns, 'a.name as agency_name', 'p.certificates'])
					.$call((q) => orderBySort(q, sort, keys, sql`p.id`))
					.$castTo<PersonRow>()
					.execute();
	const [list, count] = await Promise.all([
		rows,
		base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows: list, page: f.page, pageSize, total: count.n };
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
