import { sql, type Kysely } from 'kysely';

// What the job runner needs beyond the first jobs schema: a run may be delayed (backoff before a
// retry), a job never runs twice at once (one 'running' row per job, enforced by the database
// so that two instances cannot both claim), and a large run's work is split into batches that
// several instances claim with FOR UPDATE SKIP LOCKED. Findings remember whether the system
// resolved them (cause gone: may reopen) or a user did (never reopened by a scan).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('job_runs').addColumn('run_after', 'timestamptz').execute();
	await sql`create unique index job_runs_one_running_uq on job_runs (job_name) where status = 'running'`.execute(
		db
	);
	await sql`create index job_runs_queued_idx on job_runs (queued_at) where status = 'queued'`.execute(db);

	await db.schema
		.createTable('job_run_batches')
		.addColumn('batch_set', 'integer', (c) => c.notNull().references('job_runs.id').onDelete('cascade'))
		.addColumn('batch_no', 'integer', (c) => c.notNull())
		.addColumn('payload', 'jsonb', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`status in ('pending', 'running', 'done')`)
		)
		.addColumn('claimed_by', 'text')
		.addColumn('claimed_at', 'timestamptz')
		.addColumn('finished_at', 'timestamptz')
		.addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addPrimaryKeyConstraint('job_run_batches_pk', ['batch_set', 'batch_no'])
		.execute();
	await sql`create index job_run_batches_pending_idx on job_run_batches (batch_set, batch_no) where status <> 'done'`.execute(
		db
	);

	await db.schema
		.alterTable('findings')
		.addColumn('auto_resolved', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
	await db.schema
		.createIndex('findings_kind_status_idx')
		.on('findings')
		.columns(['kind', 'status'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('findings_kind_status_idx').execute();
	await db.schema.alterTable('findings').dropColumn('auto_resolved').execute();
	await db.schema.dropTable('job_run_batches').execute();
	await sql`drop index job_runs_queued_idx`.execute(db);
	await sql`drop index job_runs_one_running_uq`.execute(db);
	await db.schema.alterTable('job_runs').dropColumn('run_after').execute();
}
