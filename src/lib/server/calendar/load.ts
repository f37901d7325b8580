// Loads the working-day calendar with the admin-edited exceptions from calendar_exceptions.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { WorkingCalendar } from './working-days';

export async function loadWorkingCalendar(db: Kysely<Database>): Promise<WorkingCalendar> {
	const rows = await db.selectFrom('calendar_exceptions').select(['day', 'kind', 'note']).execute();
	return new WorkingCalendar(rows);
}
