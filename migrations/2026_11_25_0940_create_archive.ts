import { sql, type Kysely } from 'kysely';

// Archived signed documents. Content is stored once by SHA-256; the document system's
// received time is the proof of existence (Điều 13.6) used when re-verifying years later.
// Every verification is kept, so a verdict that gets worse is visible as history.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('document_contents')
		.addColumn('sha256', 'text', (c) => c.primaryKey())
		.addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
		.addColumn('content', 'bytea', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('archived_documents')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('content_sha256', 'text', (c) =>
			c.notNull().references('document_contents.sha256').onDelete('restrict')
		)
		.addColumn('signature_sha256', 'text', (c) =>
			c.references('document_contents.sha256').onDelete('restrict')
		)
		.addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('pdf', 'cms')`))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('document_number', 'text')
		.addColumn('issuing_agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('received_at', 'timestamptz', (c) => c.notNull())
		.addColumn('source_system', 'text', (c) => c.notNull())
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('archived_documents_source_uq', ['source_system', 'source_id'])
		.execute();
	await db.schema
		.createIndex('archived_documents_agency_idx')
		.on('archived_documents')
		.columns(['issuing_agency_id', 'received_at'])
		.execute();

	await db.schema
		.createTable('document_verifications')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('document_id', 'integer', (c) =>
			c.notNull().references('archived_documents.id').onDelete('cascade')
		)
		.addColumn('verified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('validation_time', 'timestamptz', (c) => c.notNull())
		.addColumn('poe_time', 'timestamptz')
		.addColumn('indication', 'text', (c) =>
			c.notNull().check(sql`indication in ('TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE')`)
		)
		.addColumn('sub_indication', 'text')
		.addColumn('signer_fingerprints', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
		.addColumn('report', 'jsonb', (c) => c.notNull())
		.addColumn('job_run_id', 'integer')
		.execute();
	await db.schema
		.createIndex('document_verifications_document_idx')
		.on('document_verifications')
		.columns(['document_id', 'verified_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('document_verifications').execute();
	await db.schema.dropTable('archived_documents').execute();
	await db.schema.dropTable('document_contents').execute();
}
