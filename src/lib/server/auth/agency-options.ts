// The agencies an admin may attach a user or an API key to, in tree order, for select boxes: the active
// ones, and the one already attached (`keep`), so editing a user of a merged agency does not move them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';

export async function agencyOptions(
	db: Kysely<Database>,
	options: { keep?: string | null } = {}
): Promise<{ id: number; code: string; name: string; depth: number }[]> {
	const rows = await db
		.selectFrom('agencies')
		.select(['id', 'code', 'name', 'path'])
		.where((eb) =>
			options.keep ? eb.or([eb('active', '=', true), eb('code', '=', options.keep)]) : eb('active', '=', true)
		)
		.orderBy('path')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		name: r.name,
		depth: Math.max(0, r.path.split('/').filter(Boolean).length - 1)
	}));
}

/** The code of agency `id`, for the forms that pick an agency by id (AgencySelect) but store by code. */
export async function agencyCodeOf(db: Kysely<Database>, id: number): Promise<string> {
	const a = await db.selectFrom('agencies').select('code').where('id', '=', id).executeTakeFirst();
	if (!a) throw new AppError('NOT_FOUND', 'Không có cơ quan, đơn vị đã chọn.');
	return a.code;
}

export async function isActiveAgency(db: Kysely<Database>, id: number): Promise<boolean> {
	const a = await db.selectFrom('agencies').select('active').where('id', '=', id).executeTakeFirst();
	return a?.active ?? false;
}
