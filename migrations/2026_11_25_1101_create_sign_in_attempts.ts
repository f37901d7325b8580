import { type Kysely } from 'kysely';

// Every sign-in attempt (success or failure) by account name and client address: the throttle
// counts recent failures here, so it holds across several app instances sharing one database.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('sign_in_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('at', 'timestamptz', (c) => c.notNull())
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('ip', 'text')
		.addColumn('success', 'boolean', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('sign_in_attempts_user_idx')
		.on('sign_in_attempts')
		.columns(['username', 'at'])
		.execute();
	await db.schema
		.createIndex('sign_in_attempts_ip_idx')
		.on('sign_in_attempts')
		.columns(['ip', 'at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('sign_in_attempts').execute();
}
