import { sql, type Kysely } from 'kysely';

// What the archive needs to take documents in from the document systems (POST /api/v1/documents)
// and from an inspector's upload (/luu-tru/nhap): the direction of the document, the source
// system's own verification result as it reported it (so a disagreement with ours shows), and how
// the document arrived (API or upload, which key or which user).
//
// document_number already holds the whole "số và ký hiệu" (e.g. 123/QĐ-UBND), as
// signing_events.document_number does; it stays one column so the two tables compare directly.
// issuing_agency_id is the agency whose archive files the document: the issuer of an outgoing
// document, the recipient of an incoming one (as signing_events.document_agency_id); the scope
// checks read it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('archived_documents')
		.addColumn('direction', 'text', (c) =>
			c
				.notNull()
				.defaultTo('outgoing')
				.check(sql`direction in ('outgoing', 'incoming')`)
		)
		.addColumn('source_indication', 'text', (c) =>
			c.check(sql`source_indication in ('TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE')`)
		)
		.addColumn('source_message', 'text', (c) => c.check(sql`length(source_message) <= 2000`))
		.addColumn('intake_origin', 'text', (c) => c.check(sql`intake_origin in ('api', 'upload')`))
		.addColumn('intake_api_key_id', 'integer', (c) => c.references('api_keys.id').onDelete('set null'))
		.addColumn('intake_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.execute();
	await sql`comment on column archived_documents.document_number is
		'Số và ký hiệu of the document as its system writes it, e.g. 123/QĐ-UBND'`.execute(db);
	await sql`comment on column archived_documents.received_at is
		'When the document system received (incoming) or issued (outgoing) it: the proof of existence of Điều 13.6'`.execute(
		db
	);
	await sql`comment on column archived_documents.source_indication is
		'The source system''s own verification result, as it reported it at intake'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('archived_documents')
		.dropColumn('intake_user_id')
		.dropColumn('intake_api_key_id')
		.dropColumn('intake_origin')
		.dropColumn('source_message')
		.dropColumn('source_indication')
		.dropColumn('direction')
		.execute();
}
