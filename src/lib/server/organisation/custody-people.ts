// Who may receive a key device on a given day: a person in post that day (a post in
// person_positions covering the day, and the status 'active' then in person_status_history), and
// in which agency. People recorded before the histories existed fall back to their current row.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface PostOnDay {
	personId: number;
	fullName: string;
	/** The agency of the post that day, null when the person held no post then. */
	agencyId: number | null;
	agencyPath: string | null;
	/** The status that day ('active' = in post). */
	status: string;
}

/** The person's post and status on `day` ('YYYY-MM-DD', Vietnam), or null when there is no such person. */
export async function postOnDay(
	db: Kysely<Database>,
	personId: number,
	day: string
): Promise<PostOnDay | null> {
	const r = await sql<{
		full_name: string;
		agency_id: number | null;
		status: string;
	}>`
		select p.full_name,
			case when exists (select 1 from person_positions x where x.person_id = p.id)
				then (select pp.agency_id from person_positions pp
					where pp.person_id = p.id and pp.valid_from <= ${day}::date
						and (pp.valid_to is null or pp.valid_to >= ${day}::date)
					order by pp.valid_from desc, pp.id desc limit 1)
				else p.agency_id end as agency_id,
			case when exists (select 1 from person_status_history x where x.person_id = p.id)
				then coalesce((select sh.status from person_status_history sh
					where sh.person_id = p.id and sh.since <= ${day}::date
					order by sh.since desc, sh.id desc limit 1), 'not_yet')
				when p.status <> 'active' and p.status_since is not null and p.status_since > ${day}::date then 'active'
				else p.status end as status
		from people p where p.id = ${personId}
	`.execute(db);
	const row = r.rows[0];
	if (!row) return null;
	const agency =
		row.agency_id === null
			? undefined
			: await db.selectFrom('agencies').select('path').where('id', '=', row.agency_id).executeTakeFirst();
	return {
		personId,
		fullName: row.full_name,
		agencyId: row.agency_id,
		agencyPath: agency?.path ?? null,
		status: row.status
	};
}

export interface RecipientOption {
	id: number;
	full_name: string;
	title: string;
	agency_name: string;
}

/** People now in post in an agency's subtree, for the recipient list of the custody form. */
export async function recipientOptions(db: Kysely<Database>, agencyId: number): Promise<RecipientOption[]> {
	return db
		.selectFrom('people as p')
		.innerJoin('agencies as a', 'a.id', 'p.agency_id')
		.select(['p.id', 'p.full_name', 'p.title', 'a.name as agency_name'])
		.where('p.status', '=', 'active')
		.where(
			'a.path',
			'like',
			db
				.selectFrom('agencies as r')
				.select(sql<string>`r.path || '%'`.as('prefix'))
				.where('r.id', '=', agencyId)
		)
		.orderBy('a.path')
		.orderBy('p.full_name')
		.limit(2000)
		.execute();
}
