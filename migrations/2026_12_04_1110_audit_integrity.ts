import { sql, type Kysely } from 'kysely';

// Archive-grade audit integrity (hardening defect 4). `TRUNCATE audit_log; TRUNCATE
// audit_chain_head;` bypassed the row triggers and left `audit verify` saying "intact". Now:
//  - TRUNCATE of the log and of its head is refused, and so is deleting the head;
//  - every entry carries `seq`, one more than the previous entry's, from 1: a gap or a log that
//    does not start at 1 is a deletion even when the chain was rebuilt around it;
//  - every entry carries `mac`, an HMAC of its hash under a key kept outside the database
//    (KIEMKY_AUDIT_KEY or a key file), so whoever can write the database cannot forge entries;
//  - `audit_checkpoints` keeps each day's sequence and hash, which the jobs page and the
//    inspection report print, so a rewrite after a printed checkpoint is detectable from paper.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create trigger audit_log_no_truncate before truncate on audit_log
		for each statement execute function audit_log_refuse_change()`.execute(db);
	await sql`
		create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
		for each statement execute function audit_log_refuse_change()`.execute(db);
	await sql`
		create trigger audit_chain_head_no_delete before delete on audit_chain_head
		for each row execute function audit_log_refuse_change()`.execute(db);

	await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
	await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();
	// Existing entries are numbered in id order (the row trigger refuses updates: lift it meanwhile).
	await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
	await sql`
		update audit_log a set seq = n.seq
		from (select id, row_number() over (order by id) as seq from audit_log) n
		where n.id = a.id`.execute(db);
	await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
	await sql`alter table audit_log alter column seq set not null`.execute(db);
	await sql`alter table audit_log add constraint audit_log_seq_unique unique (seq)`.execute(db);
	await db.schema.alterTable('audit_chain_head').addColumn('last_seq', 'bigint').execute();
	await sql`update audit_chain_head h set last_seq = (select seq from audit_log where id = h.last_id)`.execute(
		db
	);

	await db.schema
		.createTable('audit_checkpoints')
		.addColumn('day', 'date', (c) => c.primaryKey())
		.addColumn('seq', 'bigint', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('mac', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('audit_checkpoints').execute();
	await db.schema.alterTable('audit_chain_head').dropColumn('last_seq').execute();
	await sql`alter table audit_log drop constraint audit_log_seq_unique`.execute(db);
	await db.schema.alterTable('audit_log').dropColumn('mac').execute();
	await db.schema.alterTable('audit_log').dropColumn('seq').execute();
	await sql`drop trigger if exists audit_chain_head_no_delete on audit_chain_head`.execute(db);
	await sql`drop trigger if exists audit_chain_head_no_truncate on audit_chain_head`.execute(db);
	await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
}
