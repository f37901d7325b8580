import { sql, type Kysely } from 'kysely';

// The audit log's tamper evidence beyond the hash chain itself: a one-row head that records the
// last entry appended (so deleting the newest entries is detected too), and a trigger that makes
// audit_log append-only for the application (UPDATE and DELETE are refused; only someone able to
// disable triggers can change history, and `kiem-ky audit verify` then reports it).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('audit_chain_head')
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('last_id', 'integer', (c) => c.notNull())
		.addColumn('last_hash', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await sql`
		create function audit_log_refuse_change() returns trigger language plpgsql as $$
		begin
			raise exception 'audit_log is append-only (% refused)', tg_op;
		end;
		$$`.execute(db);
	await sql`
		create trigger audit_log_append_only before update or delete on audit_log
		for each row execute function audit_log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
	await sql`drop function if exists audit_log_refuse_change()`.execute(db);
	await db.schema.dropTable('audit_chain_head').execute();
}
