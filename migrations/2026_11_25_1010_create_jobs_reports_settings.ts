import { sql, type Kysely } from 'kysely';

// Job schedules (editable by an admin), the history of every run with progress, counts,
// logs and checkpoints; generated reports kept for download; settings; and the per-year
// working-day exceptions (days off moved, make-up working days) that an admin edits.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('job_schedules')
		.addColumn('job_name', 'text', (c) => c.primaryKey())
		.addColumn('cron', 'text', (c) => c.notNull())
		.addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('catch_up', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('job_runs')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('job_name', 'text', (c) => c.notNull())
		.addColumn('scheduled_for', 'timestamptz')
		.addColumn('trigger', 'text', (c) =>
			c.notNull().check(sql`trigger in ('schedule', 'manual', 'cli', 'retry', 'catch_up')`)
		)
		.addColumn('instance_id', 'text')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('queued')
				.check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'abandoned', 'cancelled')`)
		)
		.addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('retry_of_id', 'integer', (c) => c.references('job_runs.id').onDelete('set null'))
		.addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('started_at', 'timestamptz')
		.addColumn('finished_at', 'timestamptz')
		.addColumn('heartbeat_at', 'timestamptz')
		.addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('progress_total', 'integer')
		.addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('checkpoint', 'jsonb')
		.addColumn('error', 'text')
		.addColumn('error_stack', 'text')
		.execute();
	// Exactly once: one row per scheduled tick of a job, whichever instance inserts it first.
	await sql`create unique index job_runs_tick_uq on job_runs (job_name, scheduled_for) where scheduled_for is not null and trigger in ('schedule', 'catch_up')`.execute(
		db
	);
	await db.schema.createIndex('job_runs_job_idx').on('job_runs').columns(['job_name', 'queued_at']).execute();
	await db.schema.createIndex('job_runs_status_idx').on('job_runs').column('status').execute();

	await db.schema
		.createTable('job_run_logs')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('run_id', 'integer', (c) => c.notNull().references('job_runs.id').onDelete('cascade'))
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('debug', 'info', 'warn', 'error')`))
		.addColumn('message', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('job_run_logs_run_idx').on('job_run_logs').columns(['run_id', 'id']).execute();

	await db.schema
		.createTable('generated_reports')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('usage', 'demand_plan', 'expiry', 'inspection', 'ad_hoc')`)
		)
		.addColumn('period', 'text')
		.addColumn('recipient', 'text')
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('parameters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('size_bytes', 'integer', (c) => c.notNull())
		.addColumn('content', 'bytea', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('job_run_id', 'integer', (c) => c.references('job_runs.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('generated_reports_kind_idx')
		.on('generated_reports')
		.columns(['kind', 'created_at'])
		.execute();

	await db.schema
		.createTable('settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'jsonb', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('calendar_exceptions')
		.addColumn('day', 'date', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('day_off', 'working_day')`))
		.addColumn('note', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'calendar_exceptions',
		'settings',
		'generated_reports',
		'job_run_logs',
		'job_runs',
		'job_schedules'
	])
		await db.schema.dropTable(t).execute();
}
