// Reading the audit log for the "Nhật ký" page: filters by who, action, entity and Vietnam-date
// range, newest first, a page at a time.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldedLike, foldedPattern } from '../db/search';

export interface AuditFilter {
	actor?: string;
	action?: string;
	entityType?: string;
	entityId?: string;
	/** 'YYYY-MM-DD', inclusive, Vietnam days. */
	from?: string;
	to?: string;
	page?: number;
	pageSize?: number;
}

export interface AuditRow {
	id: number;
	at: Date;
	actor: string;
	action: string;
	entityType: string | null;
	entityId: string | null;
	details: unknown;
	ip: string | null;
}

export async function searchAudit(
	db: Kysely<Database>,
	f: AuditFilter
): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
	const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 200);
	const page = Math.max(f.page ?? 1, 1);
	let q = db.selectFrom('audit_log');
	const actorLike = foldedPattern(f.actor);
	if (actorLike) q = q.where(({ ref }) => foldedLike(ref('actor'), actorLike));
	if (f.action) q = q.where('action', 'like', `${escapeLike(f.action)}%`);
	if (f.entityType) q = q.where('entity_type', '=', f.entityType);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	// Dates are Vietnam days: the session time zone is Asia/Ho_Chi_Minh, so 'YYYY-MM-DD'::timestamptz is local midnight.
	if (f.from) q = q.where('at', '>=', sql<Date>`${f.from}::date::timestamptz`);
	if (f.to) q = q.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamptz`);
	const [rows, count] = await Promise.all([
		q
			.select(['id', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'ip'])
			.orderBy('id', 'desc')
			.limit(pageSize)
			.offset((page - 1) * pageSize)
			.execute(),
		q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			at: r.at,
			actor: r.actor,
			action: r.action,
			entityType: r.entity_type,
			entityId: r.entity_id,
			details: r.details,
			ip: r.ip
		})),
		total: count.n,
		page,
		pageSize
	};
}

/** The distinct action names, for the filter's list. */
export async function auditActions(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
	return rows.map((r) => r.action);
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
