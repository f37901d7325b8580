// The audit log's daily checkpoints (written by the audit-verify job): the newest one is shown on
// the jobs page and printed in inspection reports, so a paper copy can later expose a rewrite.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface AuditCheckpoint {
	/** Vietnam day, YYYY-MM-DD. */
	day: string;
	seq: number;
	hash: string;
}

export async function latestAuditCheckpoint(db: Kysely<Database>): Promise<AuditCheckpoint | null> {
	const row = await db
		.selectFrom('audit_checkpoints')
		.select(['day', 'seq', 'hash'])
		.orderBy('day', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? { day: String(row.day), seq: Number(row.seq), hash: row.hash } : null;
}
