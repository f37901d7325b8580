// The organisation as the database holds it now, loaded once per preview or apply: agencies by
// code, people by national id (and by e-mail for people recorded without one), each person's open
// post and latest status. Read inside the apply transaction after the tables are locked.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { codeKey } from './organisation-rows';
import type { AgencyKindCode, PersonStatusCode } from './types';

export interface DbAgency {
	id: number;
	code: string;
	name: string;
	short_name: string | null;
	kind: AgencyKindCode;
	parent_id: number | null;
	path: string;
	active: boolean;
}

export interface DbPerson {
	id: number;
	full_name: string;
	national_id: string | null;
	email: string | null;
	agency_id: number;
	title: string;
	status: PersonStatusCode;
	status_since: string | null;
}

export interface Post {
	id: number;
	agency_id: number;
	title: string;
	valid_from: string;
	valid_to: string | null;
}

export interface LatestStatus {
	id: number;
	status: PersonStatusCode;
	since: string;
}

export interface OrganisationState {
	agencies: DbAgency[];
	agencyByCode: Map<string, DbAgency>;
	agencyById: Map<number, DbAgency>;
	people: DbPerson[];
	personByNationalId: Map<string, DbPerson>;
	/** People without a national id, by lower-case e-mail: matched when the file brings their id. */
	personByEmail: Map<string, DbPerson>;
	/** Each person's open post, and their latest post (open or not). */
	openPost: Map<number, Post>;
	lastPost: Map<number, Post>;
	latestStatus: Map<number, LatestStatus>;
}

export async function loadOrganisationState(db: Kysely<Database>): Promise<OrganisationState> {
	const [agencies, people, posts, statuses] = await Promise.all([
		db
			.selectFrom('agencies')
			.select(['id', 'code', 'name', 'short_name', 'kind', 'parent_id', 'path', 'active'])
			.orderBy('id')
			.execute(),
		db
			.selectFrom('people')
			.select(['id', 'full_name', 'national_id', 'email', 'agency_id', 'title', 'status', 'status_since'])
			.orderBy('id')
			.execute(),
		db
			.selectFrom('person_positions')
			.select(['id', 'person_id', 'agency_id', 'title', 'valid_from', 'valid_to'])
			.orderBy('person_id')
			.orderBy('valid_from')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('person_status_history')
			.select(['id', 'person_id', 'status', 'since'])
			.orderBy('person_id')
			.orderBy('since')
			.orderBy('id')
			.execute()
	]);
	const openPost = new Map<number, Post>();
	const lastPost = new Map<number, Post>();
	for (const p of posts) {
		lastPost.set(p.person_id, p);
		if (p.valid_to === null) openPost.set(p.person_id, p);
	}
	const latestStatus = new Map<number, LatestStatus>();
	for (const s of statuses) latestStatus.set(s.person_id, { id: s.id, status: s.status, since: s.since });
	const personByEmail = new Map<string, DbPerson>();
	for (const p of people)
		if (!p.national_id && p.email) personByEmail.set(p.email.toLowerCase(), p as DbPerson);
	return {
		agencies: agencies as DbAgency[],
		agencyByCode: new Map(agencies.map((a) => [codeKey(a.code), a as DbAgency])),
		agencyById: new Map(agencies.map((a) => [a.id, a as DbAgency])),
		people: people as DbPerson[],
		personByNationalId: new Map(
			people.filter((p) => p.national_id).map((p) => [p.national_id!, p as DbPerson])
		),
		personByEmail,
		openPost,
		lastPost,
		latestStatus
	};
}
