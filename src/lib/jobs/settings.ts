// Reads job settings from the settings table (jsonb values an admin may change), with defaults:
// the thresholds that are policy, not code (decrees.md: "make such values settings").
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema';

export async function readSetting<T extends object>(
	db: Kysely<Database>,
	key: string,
	defaults: T
): Promise<T> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
	const value = row?.value;
	if (!value || typeof value !== 'object' || Array.isArray(value)) return defaults;
	return { ...defaults, ...(value as Partial<T>) };
}
