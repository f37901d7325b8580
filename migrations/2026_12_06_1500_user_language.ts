import { sql, type Kysely } from 'kysely';

// The language each user chose with the header's switch (vi/en), remembered across browsers and
// sessions; null until they choose, when the browser's cookie (or Vietnamese) decides.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('users')
		.addColumn('lang', 'text', (c) => c.check(sql`lang in ('vi', 'en')`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('users').dropColumn('lang').execute();
}
