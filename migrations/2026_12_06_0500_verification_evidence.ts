import { sql, type Kysely } from 'kysely';

// The validation material each stored verification relied on (ETSI EN 319 102-1 §5.6.3, ETSI TS 119 102-2):
// certificates of every path, CRLs and OCSP answers with their times and where they came from, time-stamp
// tokens. Each blob is kept once by SHA-256 (evidence_blobs) and linked to the verifications that used it
// (verification_evidence); the policy and settings in force go with the verification row. A verification
// can then be shown again offline exactly as it was made, and compared with one under today's material.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('evidence_blobs')
		.addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('certificate', 'crl', 'ocsp', 'timestamp')`)
		)
		.addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
		.addColumn('der', 'bytea', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('verification_evidence')
		.addColumn('verification_id', 'integer', (c) =>
			c.notNull().references('document_verifications.id').onDelete('cascade')
		)
		.addColumn('blob_sha256', 'text', (c) =>
			c.notNull().references('evidence_blobs.sha256').onDelete('restrict')
		)
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('certificate', 'crl', 'ocsp', 'timestamp')`)
		)
		// certificate: anchor, ca, signer or tsa; revocation data: store, document or online.
		.addColumn('role', 'text', (c) =>
			c.check(sql`role in ('anchor', 'ca', 'signer', 'tsa', 'store', 'document', 'online')`)
		)
		.addColumn('subject', 'text')
		.addColumn('source_url', 'text', (c) => c.check(sql`length(source_url) <= 2000`))
		.addColumn('this_update', 'timestamptz')
		.addColumn('next_update', 'timestamptz')
		.addColumn('produced_at', 'timestamptz')
		.addColumn('gen_time', 'timestamptz')
		.addPrimaryKeyConstraint('verification_evidence_pk', ['verification_id', 'blob_sha256'])
		.execute();
	await db.schema
		.createIndex('verification_evidence_blob_idx')
		.on('verification_evidence')
		.column('blob_sha256')
		.execute();

	await db.schema.alterTable('document_verifications').addColumn('validation_settings', 'jsonb').execute();
	await sql`comment on column document_verifications.validation_settings is
		'Policy and settings in force (validation-material.ts MaterialSettings); null for verifications made before evidence was kept'`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('document_verifications').dropColumn('validation_settings').execute();
	await db.schema.dropTable('verification_evidence').execute();
	await db.schema.dropTable('evidence_blobs').execute();
}
