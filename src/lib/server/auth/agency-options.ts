// The agencies an admin may attach a user or an API key to, in tree order, for select boxes: the active
// ones, and the one already attached (`keep`), so editing a user of a merged agency does not move them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function agencyOptions(
	db: Kysely<Database>,
	options: { keep?: string | null } = {}
): Promise<{ code: string; name: string; depth: number }[]> {
	const rows = await db
		.selectFrom('agencies')
		.select(['code', 'name', 'path'])
		.where((eb) =>
			options.keep ? eb.or([eb('active', '=', true), eb('code', '=', options.keep)]) : eb('active', '=', true)
		)
		.orderBy('path')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		name: r.name,
		depth: Math.max(0, r.path.split('/').filter(Boolean).length - 1)
	}));
}
