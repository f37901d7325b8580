import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditActions, parseAuditFilter, searchAudit } from '$lib/server/audit/browse';
import { verifyAuditChain } from '$lib/server/audit/verify';

export const load: PageServerLoad = async ({ url }) => {
	const filter = parseAuditFilter(url.searchParams);
	const db = await getDb();
	// Walking the whole chain costs a read of every entry: only on request.
	const chain = url.searchParams.has('kiem-tra') ? await verifyAuditChain(db) : null;
	const [result, actions] = await Promise.all([searchAudit(db, filter), auditActions(db)]);
	return {
		filter,
		actions,
		chain,
		total: result.total,
		page: result.page,
		pageSize: result.pageSize,
		rows: result.rows
	};
};
