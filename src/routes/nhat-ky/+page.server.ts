import { z } from 'zod';
import { dayOrText } from '$lib/i18n/day-input';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditActions, searchAudit } from '$lib/server/audit/browse';
import { verifyAuditChain } from '$lib/server/audit/verify';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Filter = z.object({
	actor: z.string().trim().max(100).optional(),
	action: z.string().trim().max(100).optional(),
	entityType: z.string().trim().max(100).optional(),
	entityId: z.string().trim().max(100).optional(),
	// Typed dd/MM/yyyy (or YYYY-MM-DD), read as YYYY-MM-DD.
	from: z.preprocess(dayOrText, z.string().regex(DAY)).optional().catch(undefined),
	to: z.preprocess(dayOrText, z.string().regex(DAY)).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export const load: PageServerLoad = async ({ url }) => {
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const filter = Filter.parse(raw);
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
