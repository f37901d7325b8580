import { sql, type Kysely } from 'kysely';

// Indexes the list pages read through in their default order (issue 13: at --scale 10 each of
// these sorted the whole table, or the whole open part of it, for every page of 50 rows):
//  - people by folded name, then name and id: /nhan-su's order (src/lib/server/db/sort.ts);
//  - open findings by severity rank, latest seen, id: /canh-bao's default view (status not resolved);
//  - lifecycle requests and archived documents newest first, then id: /yeu-cau and /luu-tru;
//  - the audit log's action and entity type: their distinct values (the action filter's list, a
//    search in words) are read by a skip scan of these, not a read of the whole log.
// The expressions are the queries' own, so the planner matches them.
const SEVERITY_RANK = `(case severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end)`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index people_name_order_idx on people (kk_fold(full_name), full_name, id)`.execute(db);
	await sql
		.raw(
			`create index findings_open_order_idx on findings (${SEVERITY_RANK}, last_seen_at desc, id desc)
			where status <> 'resolved'`
		)
		.execute(db);
	await sql`create index lifecycle_requests_submitted_idx on lifecycle_requests (submitted_at desc nulls last, id desc)`.execute(
		db
	);
	await sql`create index archived_documents_received_idx on archived_documents (received_at desc nulls last, id desc)`.execute(
		db
	);
	await sql`create index audit_log_action_idx on audit_log (action)`.execute(db);
	await sql`create index audit_log_entity_type_idx on audit_log (entity_type)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const name of [
		'audit_log_entity_type_idx',
		'audit_log_action_idx',
		'archived_documents_received_idx',
		'lifecycle_requests_submitted_idx',
		'findings_open_order_idx',
		'people_name_order_idx'
	])
		await sql`drop index if exists ${sql.id(name)}`.execute(db);
}
