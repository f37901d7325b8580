import { sql, type Kysely } from 'kysely';

// API keys for machines (the document systems that will push signing events). Only the SHA-256
// of a key is stored (keys are 256-bit random, so a fast hash is enough); the key is shown once.
// A key belongs to a source system and an agency subtree (null agency: the whole province).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('api_keys')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull().unique())
		.addColumn('source_system', 'text', (c) => c.notNull())
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('key_prefix', 'text', (c) => c.notNull())
		.addColumn('key_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('last_used_at', 'timestamptz')
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('revoked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('api_keys').execute();
}
