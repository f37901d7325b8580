import { sql, type Kysely } from 'kysely';

// Staged certificate imports: the uploaded files are kept between the preview and the commit,
// so the user confirms exactly what was previewed and a second upload is never needed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('import_batches')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('certificates')`))
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`status in ('pending', 'committed', 'discarded')`)
		)
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('finished_at', 'timestamptz')
		.addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();

	await db.schema
		.createTable('import_batch_files')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('content', 'bytea', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('import_batch_files_batch_idx')
		.on('import_batch_files')
		.column('batch_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('import_batch_files').execute();
	await db.schema.dropTable('import_batches').execute();
}
