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

export async function agencyOptions(db: Kysely<Database>, scope: AgencyScope): Promise<AgencyOption[]> {
	const rows = await db
		.selectFrom('agencies')
		.select(['id', 'name', 'path'])
		.where('active', '=', true)
		.where(({ ref }) => inScope(scope, ref('id')))
		.orderBy('path')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, depth: r.path.split('/').filter(Boolean).length - 1 }));
}
