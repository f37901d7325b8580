import { sql, type Kysely } from 'kysely';

// A one-off verification made on the upload page (/kiem-tra-chu-ky) or by `kiem-ky verify --db`, kept with
// the files it judged and the validation material it relied on (the archive's evidence_blobs, linked here
// by upload_verification_evidence), so that an inspector can open it again later: shown exactly as it was
// made, re-run under today's material, downloaded as a report. Who may see it: whoever made it, and the
// province-wide roles (the services check the scope; agency_id is the maker's agency at the time).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('upload_verifications')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('verified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('web', 'cli')`))
		.addColumn('verified_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
		.addColumn('actor', 'text', (c) => c.notNull().check(sql`length(actor) between 1 and 200`))
		.addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) between 1 and 500`))
		.addColumn('content_name', 'text', (c) => c.check(sql`length(content_name) <= 500`))
		.addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		// The page's limit is 20 MB a file; the table refuses more whatever the caller.
		.addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes between 1 and 20971520`))
		.addColumn('file_bytes', 'bytea', (c) => c.notNull())
		.addColumn('content_bytes', 'bytea', (c) =>
			c.check(sql`content_bytes is null or octet_length(content_bytes) <= 20971520`)
		)
		.addColumn('validation_time', 'timestamptz', (c) => c.notNull())
		.addColumn('validation_time_chosen', 'boolean', (c) => c.notNull())
		.addColumn('poe_time', 'timestamptz')
		.addColumn('indication', 'text', (c) =>
			c.notNull().check(sql`indication in ('TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE')`)
		)
		.addColumn('sub_indication', 'text')
		.addColumn('report', 'jsonb', (c) => c.notNull())
		.addColumn('validation_settings', 'jsonb', (c) => c.notNull())
		.addCheckConstraint('upload_verifications_size', sql`octet_length(file_bytes) = size_bytes`)
		.execute();
	await db.schema
		.createIndex('upload_verifications_by_idx')
		.on('upload_verifications')
		.columns(['verified_by', 'verified_at'])
		.execute();
	await db.schema
		.createIndex('upload_verifications_at_idx')
		.on('upload_verifications')
		.column('verified_at')
		.execute();

	await db.schema
		.createTable('upload_verification_evidence')
		.addColumn('upload_verification_id', 'integer', (c) =>
			c.notNull().references('upload_verifications.id').onDelete('cascade')
		)
		.addColumn('blob_sha256', 'text', (c) =>
			c.notNull().references('evidence_blobs.sha256').onDelete('restrict')
		)
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('certificate', 'crl', 'ocsp', 'timestamp')`)
		)
		.addColumn('role', 'text', (c) =>
			c.check(sql`role in ('anchor', 'ca', 'signer', 'tsa', 'store', 'document', 'online')`)
		)
		.addColumn('subject', 'text')
		.addColumn('source_url', 'text', (c) => c.check(sql`length(source_url) <= 2000`))
		.addColumn('this_update', 'timestamptz')
		.addColumn('next_update', 'timestamptz')
		.addColumn('produced_at', 'timestamptz')
		.addColumn('gen_time', 'timestamptz')
		.addPrimaryKeyConstraint('upload_verification_evidence_pk', ['upload_verification_id', 'blob_sha256'])
		.execute();
	await db.schema
		.createIndex('upload_verification_evidence_blob_idx')
		.on('upload_verification_evidence')
		.column('blob_sha256')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('upload_verification_evidence').execute();
	await db.schema.dropTable('upload_verifications').execute();
}
