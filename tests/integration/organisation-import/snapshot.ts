// Every row an import may write, so a test can prove that an import (a second one, a refused
// one) wrote none.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';

export async function importedRows(db: Kysely<Database>) {
	return {
		agencies: await db.selectFrom('agencies').selectAll().orderBy('id').execute(),
		events: await db.selectFrom('agency_events').selectAll().orderBy('id').execute(),
		people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
		posts: await db.selectFrom('person_positions').selectAll().orderBy('id').execute(),
		statuses: await db.selectFrom('person_status_history').selectAll().orderBy('id').execute(),
		tokens: await db.selectFrom('tokens').selectAll().orderBy('id').execute(),
		custody: await db.selectFrom('token_custody_events').selectAll().orderBy('id').execute(),
		certificates: await db
			.selectFrom('certificates')
			.select(['id', 'person_id', 'agency_id', 'token_id'])
			.orderBy('id')
			.execute()
	};
}
