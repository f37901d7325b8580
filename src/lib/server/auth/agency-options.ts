// The agencies an admin may attach a user or an API key to, in tree order, for select boxes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function agencyOptions(
	db: Kysely<Database>
): Promise<{ code: string; name: string; depth: number }[]> {
	const rows = await db.selectFrom('agencies').select(['code', 'name', 'path']).orderBy('path').execute();
	return rows.map((r) => ({
		code: r.code,
		name: r.name,
		depth: Math.max(0, r.path.split('/').filter(Boolean).length - 1)
	}));
}
