// The agencies a user may pick in a form or filter: their scope's subtree, in tree order.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';

export interface AgencyOption {
	id: number;
	name: string;
	depth: number;
}

/**
 * Active agencies only, for forms that attach something new; `includeEnded` for filters, where merged
 * and dissolved agencies stay selectable (their history is still searched by them).
 */
export async function agencyOptions(
	db: Kysely<Database>,
	scope: AgencyScope,
	options: { includeEnded?: boolean } = {}
): Promise<AgencyOption[]> {
	let q = db.selectFrom('agencies').select(['id', 'name', 'path']);
	if (!options.includeEnded) q = q.where('active', '=', true);
	const rows = await q
		.where(({ ref }) => inScope(scope, ref('id')))
		.orderBy('path')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, depth: r.path.split('/').filter(Boolean).length - 1 }));
}
