import { sql, type Kysely } from 'kysely';

// What completing a lifecycle request changed, kept on the request itself: the new certificate of
// a renewal, the fields of a change of information with their values before and after, the
// revocation asked of the CA, the recovered device. {} until the request is completed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('lifecycle_requests')
		.addColumn('outcome', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('lifecycle_requests').dropColumn('outcome').execute();
}
