import { sql, type Kysely } from 'kysely';

// The import history: one row per signing-event upload, API batch, CLI import or document intake,
// with who (user or API key), what came in, the counts and how long it took. A running row's
// rows_read advances while a large file streams in, which the upload page's progress bar reads.
// Column mappings remember, per source system, which column of its exports holds which field.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('import_runs')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('signing_events', 'documents')`))
		.addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('upload', 'api', 'cli')`))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('api_key_id', 'integer', (c) => c.references('api_keys.id').onDelete('set null'))
		.addColumn('source_system', 'text')
		.addColumn('file_name', 'text')
		.addColumn('encoding', 'text')
		.addColumn('mode', 'text', (c) =>
			c
				.notNull()
				.defaultTo('all-or-nothing')
				.check(sql`mode in ('all-or-nothing', 'valid-rows')`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('running')
				.check(sql`status in ('running', 'committed', 'rejected', 'failed')`)
		)
		.addColumn('rows_total', 'integer')
		.addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('already_present', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('unknown_certificates', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('error', 'text')
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('finished_at', 'timestamptz')
		.addColumn('duration_ms', 'integer')
		.execute();
	await db.schema.createIndex('import_runs_started_idx').on('import_runs').column('started_at').execute();

	// Rejected records are kept with their run (not in memory), so a million-row file's rejects can
	// be downloaded as a workbook with the reason beside each, long after the upload.
	await db.schema
		.createTable('import_run_rejections')
		.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('run_id', 'integer', (c) => c.notNull().references('import_runs.id').onDelete('cascade'))
		.addColumn('line', 'integer', (c) => c.notNull())
		.addColumn('field', 'text')
		.addColumn('message_vi', 'text', (c) => c.notNull())
		.addColumn('message_en', 'text', (c) => c.notNull())
		.addColumn('values', 'jsonb')
		.execute();
	await db.schema
		.createIndex('import_run_rejections_run_idx')
		.on('import_run_rejections')
		.columns(['run_id', 'line'])
		.execute();

	await db.schema
		.createTable('event_column_mappings')
		.addColumn('source_system', 'text', (c) => c.primaryKey())
		.addColumn('mapping', 'jsonb', (c) => c.notNull())
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('event_column_mappings').execute();
	await db.schema.dropTable('import_run_rejections').execute();
	await db.schema.dropTable('import_runs').execute();
}
