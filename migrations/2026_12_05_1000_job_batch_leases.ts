import { sql, type Kysely } from 'kysely';

// A batch's claim becomes a lease: `lease` counts the hand-outs (the fencing token every write of
// the holder checks) and `heartbeat_at` is kept fresh by a live holder. A batch used to go back to
// the pool 90 s after it was claimed, however alive its holder, and was then done twice.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('job_run_batches')
		.addColumn('lease', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('heartbeat_at', 'timestamptz')
		.execute();
	await sql`update job_run_batches set lease = 1, heartbeat_at = claimed_at where status <> 'pending'`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('job_run_batches').dropColumn('heartbeat_at').dropColumn('lease').execute();
}
