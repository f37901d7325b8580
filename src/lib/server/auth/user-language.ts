// The language a user chose with the header's switch, kept on their account.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Lang } from '../../i18n/catalogue';

export async function saveUserLanguage(db: Kysely<Database>, userId: number, lang: Lang): Promise<void> {
	await db.updateTable('users').set({ lang }).where('id', '=', userId).execute();
}
